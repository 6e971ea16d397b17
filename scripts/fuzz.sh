#!/usr/bin/env bash
# Builds the fuzz targets (fuzz/, cargo-fuzz on the stable toolchain) and runs
# each for a while. Exits non-zero when any target finds a crash; the input
# that crashed is in fuzz/artifacts/<target>/ (replay it with
# `fuzz/target/x86_64-unknown-linux-gnu/release/<target> <file>`, then make it a
# fixture in tests/data/ with a native test).
#
#   scripts/fuzz.sh                     every target, FUZZ_SECONDS each (default 180)
#   scripts/fuzz.sh time_parse          one target
#   FUZZ_SECONDS=15 scripts/fuzz.sh     a smoke run (what `make test` does)
#   FUZZ_RUNS=10000000 scripts/fuzz.sh  a campaign: that many executions per target
#   FUZZ_JOBS=2                         targets run side by side (default 2)
#   FUZZ_MAX_LEN=4096                   longest input libFuzzer makes (bytes)
#   FUZZ_SEED=1                         libFuzzer's seed (the smoke run of `make test` fixes it,
#                                       so a CI failure replays with the same mutations)
#
# Final libFuzzer statistics of each run go to fuzz/stats/<target>.txt.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
SECONDS_EACH="${FUZZ_SECONDS:-180}"
RUNS="${FUZZ_RUNS:-}"
JOBS="${FUZZ_JOBS:-2}"
BIN=fuzz/target/x86_64-unknown-linux-gnu/release

command -v cargo-fuzz >/dev/null || { echo "fuzz: cargo-fuzz missing (scripts/setup.sh installs it)" >&2; exit 1; }
# Stable toolchain: RUSTC_BOOTSTRAP lets cargo-fuzz use -Z flags; -O optimizes,
# -a keeps debug assertions, -s none means no sanitizer (safe Rust: the coverage
# instrumentation alone finds panics, overflows and hangs; much faster to build).
(cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz build -O -a -s none)
bash scripts/fuzz-corpus.sh >/dev/null

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(cd fuzz && cargo fuzz list)
fi
mkdir -p fuzz/stats

run_one() {
  local t=$1
  local args=(-print_final_stats=1 -max_len="${FUZZ_MAX_LEN:-4096}" -timeout=10 -rss_limit_mb=2048
              -artifact_prefix="fuzz/artifacts/$t/")
  # A campaign stops at FUZZ_RUNS executions, or at FUZZ_SECONDS when that is set too.
  if [ -n "$RUNS" ]; then args+=(-runs="$RUNS"); fi
  if [ -z "$RUNS" ] || [ -n "${FUZZ_SECONDS:-}" ]; then args+=(-max_total_time="$SECONDS_EACH"); fi
  [ -f "fuzz/dict/$t.dict" ] && args+=(-dict="fuzz/dict/$t.dict")
  if [ -n "${FUZZ_SEED:-}" ]; then args+=(-seed="$FUZZ_SEED"); fi
  mkdir -p "fuzz/artifacts/$t" "fuzz/corpus/$t"
  if "$BIN/$t" "${args[@]}" "fuzz/corpus/$t" >"fuzz/stats/$t.log" 2>&1; then
    grep '^stat::' "fuzz/stats/$t.log" >"fuzz/stats/$t.txt" || true
    echo "fuzz: $t ok, $(sed -n 's/^stat::number_of_executed_units: *//p' "fuzz/stats/$t.txt") executions"
  else
    echo "fuzz: $t FAILED (see fuzz/stats/$t.log, input in fuzz/artifacts/$t/)" >&2
    tail -n 30 "fuzz/stats/$t.log" >&2
    return 1
  fi
}

failed=0
pids=()
for t in "${targets[@]}"; do
  run_one "$t" &
  pids+=($!)
  if [ ${#pids[@]} -ge "$JOBS" ]; then
    wait "${pids[0]}" || failed=1
    pids=("${pids[@]:1}")
  fi
done
for p in "${pids[@]}"; do wait "$p" || failed=1; done
[ "$failed" = 0 ] && echo "fuzz: ${#targets[@]} targets, no crash"
exit "$failed"
