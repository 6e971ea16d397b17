#!/usr/bin/env bash
# Builds the fuzz seed corpora (fuzz/corpus/<target>/, not committed) from the
# test fixtures (tests/data/) and the conformance files (../shared/conformance/).
# Each seed is a fixture with the selector byte its target reads first (the
# file name the entry point dispatches on, see fuzz/src/lib.rs NAMES), so the
# fuzzer starts from real files of every format. Files over 64 KiB are left
# out (libFuzzer mutates small inputs best). Idempotent.
#
#   scripts/fuzz-corpus.sh
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
CORPUS=fuzz/corpus
SOURCES=(tests/data)
[ -d ../shared/conformance ] && SOURCES+=(../shared/conformance)

# The selector byte of a file name (index into NAMES in fuzz/src/lib.rs).
selector() {
  case "$1" in
    *.vtt) echo 0 ;; *.srt) echo 1 ;; *.eaf) echo 2 ;; *.boris) echo 3 ;;
    *.via.json) echo 7 ;; *.ls.json) echo 8 ;; *.json) echo 6 ;; *.jsonl) echo 9 ;;
    *.tsv) echo 5 ;; *.txt) echo 10 ;; *.csv) echo 4 ;; *) echo 11 ;;
  esac
}

# seed TARGET FILE [SELECTOR]: copies FILE into TARGET's corpus, with the
# selector byte first when given.
seed() {
  local target=$1 file=$2 sel=${3:-}
  local dir="$CORPUS/$target"
  mkdir -p "$dir"
  local name
  name="$(printf '%s' "$file" | tr '/ ' '__')"
  if [ -n "$sel" ]; then
    { printf "\\x$(printf %02x "$sel")"; cat "$file"; } >"$dir/$name"
  else
    cp "$file" "$dir/$name"
  fi
}

count=0
while IFS= read -r -d '' file; do
  sel="$(selector "$file")"
  base="$(basename "$file")"
  case "$file" in
    */value*/*.csv) seed value_sheet "$file" 0 ;;
    */value*/*.json) seed value_sheet "$file" 1; seed value_draft "$file" ;;
    */classroom/*.json) seed classroom_settings "$file"; seed classroom_grading "$file" "$sel" ;;
    */taxonomy/*.json) seed rules_json "$file" ;;
    */taxonomy/*) seed rules_classify "$file" ;;
  esac
  case "$base" in
    *.vtt|*.srt|*.eaf|*.boris|*.json|*.csv|*.tsv)
      seed annotations_roundtrip "$file" "$sel"; seed classroom_grading "$file" "$sel" ;;
  esac
  case "$base" in
    *.csv|*.tsv|*.json|*.jsonl|*.txt) seed ingest_chunks "$file" "$sel"; seed ingest_parts "$file" "$sel" ;;
  esac
  seed open_by_name "$file" "$sel"
  count=$((count + 1))
done < <(find "${SOURCES[@]}" -type f -size -65k \
           ! -name '*.md' ! -name '*.py' -print0 | sort -z)

# The rule presets and hand-picked times.
for preset in src/taxonomy/presets/*.json; do seed rules_json "$preset"; done
mkdir -p "$CORPUS/time_parse"
i=0
for t in 2026-03-02 2026/03/02 2026-03-02T09:15:00Z "2026-03-02 09:15" 2026-03-02T10:15:00+01:00 \
         2026-03-02T04:15:00.250-05 1772442900 1772442900000 12.5 01:15.5 1:02:03,250 \
         0001-01-01 9999-12-31T23:59:59.999Z 2026-03-02T23:59:59.6Z 253402300799999; do
  printf '%s' "$t" >"$CORPUS/time_parse/seed-$i"; i=$((i + 1))
done
mkdir -p "$CORPUS/video_link"
i=0
for t in "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1m30s" "https://youtu.be/dQw4w9WgXcQ?t=90" \
         "https://vimeo.com/76979871/abc123def4#t=90s" "https://player.vimeo.com/video/76979871?h=abc" \
         "youtube.com/shorts/dQw4w9WgXcQ" "https://www.youtube.com/embed/dQw4w9WgXcQ?start=12"; do
  printf '%s' "$t" >"$CORPUS/video_link/seed-$i"; i=$((i + 1))
done
# Journeys specs: selector 0 a funnel spec in JSON, 1 a step list, 2 path settings, 3 map settings.
mkdir -p "$CORPUS/journeys_spec"
i=0
for t in '\x00{"steps": [{"touchpoint": "Instagram ad"}, {"class": "stage", "value": "purchase"}], "window": "7d"}' \
         '\x00{"steps": ["Instagram ad", "Website visit", "Online order"], "order": "any", "counting": "events", "breakdown": "channel"}' \
         '\x01Instagram ad > Website visit > Online order' \
         '\x01stage = pre-purchase, stage = purchase (within 2 days), not: Store visit' \
         '\x02{"steps": 3, "top": 5, "collapse_repeats": true, "end_node": true}' \
         '\x02{"from": "Instagram ad", "steps": 2}' \
         '\x03{}' '\x03{"segment": "converted", "scale": [1, 5]}'; do
  printf "$t" >"$CORPUS/journeys_spec/seed-$i"; i=$((i + 1))
done
while IFS= read -r line; do
  [ -n "$line" ] || continue
  printf '\x01%s' "$line" >"$CORPUS/journeys_spec/seed-$i"; i=$((i + 1))
done < tests/data/journeys/funnels.txt
# Attribution and CLV: a lone file (default settings), and settings before a file.
mkdir -p "$CORPUS/attribution_input" "$CORPUS/clv_input"
SEP=$'\n--8<--\n'
i=0
for f in tests/data/attribution/*.csv; do
  seed attribution_input "$f"
  for s in '{"order": 2, "conversion_paths": "each"}' '{"dimension": "channel", "shapley_game": "rate"}' \
           '{"half_life_steps": 2, "position": {"first": 1, "middle": 0, "last": 1}, "models": ["markov", "shapley"]}'; do
    printf '%s%s' "$s" "$SEP" | cat - "$f" >"$CORPUS/attribution_input/seed-$i"; i=$((i + 1))
  done
done
i=0
for f in tests/data/clv/*.csv tests/data/clv/*.txt; do
  head -c 4000 "$f" >"$CORPUS/clv_input/seed-$i"; i=$((i + 1))
  for s in '{"unit": "days", "calibration_end": "1997-06-30", "months": 3}' '{"models": ["pareto_nbd"], "penalty": 0.1}'; do
    { printf '%s%s' "$s" "$SEP"; head -c 4000 "$f"; } >"$CORPUS/clv_input/seed-$i"; i=$((i + 1))
  done
done
echo "fuzz-corpus: $count fixtures into $(ls "$CORPUS" | wc -l) corpora under $CORPUS/"
