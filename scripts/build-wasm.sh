#!/usr/bin/env bash
# Builds the crate to WebAssembly and writes the JS bindings into www/pkg/
# (touchpoints.js, touchpoints_bg.wasm, .d.ts). No wasm-pack.
#
#   scripts/build-wasm.sh            release build (+ wasm-opt -Oz when WASM_OPT=1)
#   scripts/build-wasm.sh --widget   the embeddable widget's two smaller wasm builds, which
#                                    scripts/build-dist.sh copies: target/widget-pkg/ (the counts,
#                                    engagement and value charts: --no-default-features) and
#                                    target/widget-pkg-journeys/ (also funnels, paths, the journey
#                                    map and attribution: --features journeys). Neither has the
#                                    pages' own facade, the annotation importers, classroom grading,
#                                    the value sheet or CLV.
#
# Then prints raw and gzip sizes of what a page downloads.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
TARGET_DIR="${CARGO_TARGET_DIR:-target}"
OUT="www/pkg"
PROFILE="wasm"
FEATURES=()
if [ "${1:-}" = "--widget" ]; then
  # Both widget builds, one after the other (each with the sizes it prints).
  bash "$0" --widget-basic
  exec bash "$0" --widget-journeys
fi
if [ "${1:-}" = "--widget-basic" ]; then
  OUT="$TARGET_DIR/widget-pkg"
  PROFILE="wasm-widget"
  FEATURES=(--no-default-features)
elif [ "${1:-}" = "--widget-journeys" ]; then
  OUT="$TARGET_DIR/widget-pkg-journeys"
  PROFILE="wasm-widget"
  FEATURES=(--no-default-features --features journeys)
fi
WASM_IN="$TARGET_DIR/wasm32-unknown-unknown/$PROFILE/touchpoints.wasm"

command -v wasm-bindgen >/dev/null || { echo "wasm-bindgen not found: run scripts/setup.sh" >&2; exit 1; }

echo "==> cargo build --profile $PROFILE --target wasm32-unknown-unknown --lib ${FEATURES[*]:-}"
cargo build --profile "$PROFILE" --target wasm32-unknown-unknown --lib ${FEATURES[@]+"${FEATURES[@]}"}

echo "==> wasm-bindgen --target web --out-dir $OUT"
rm -rf "$OUT"
wasm-bindgen --target web --remove-name-section --remove-producers-section --out-dir "$OUT" "$WASM_IN"

# Optional shrink with wasm-opt from the npm package `binaryen` (never Debian's binaryen 108:
# it writes broken wasm). Kept only when the result still instantiates in Node.
if [ "${WASM_OPT:-0}" = "1" ]; then
  if [ -x node_modules/.bin/wasm-opt ]; then
    echo "==> wasm-opt -Oz"
    node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
      --enable-sign-ext --enable-mutable-globals \
      "$OUT/touchpoints_bg.wasm" -o "$OUT/touchpoints_bg.opt.wasm"
    if node --input-type=module -e "
      import { readFileSync } from 'node:fs';
      const m = await import('$ROOT/$OUT/touchpoints.js');
      m.initSync({ module: readFileSync('$ROOT/$OUT/touchpoints_bg.opt.wasm') });
      if (typeof m.version() !== 'string') process.exit(1);
    "; then
      mv "$OUT/touchpoints_bg.opt.wasm" "$OUT/touchpoints_bg.wasm"
    else
      echo "wasm-opt output does not load; keeping the unoptimised wasm" >&2
      rm -f "$OUT/touchpoints_bg.opt.wasm"
    fi
  else
    echo "WASM_OPT=1 but node_modules/.bin/wasm-opt is missing (npm install binaryen); skipped" >&2
  fi
fi

if [ "$PROFILE" = "wasm-widget" ]; then
  echo "widget wasm: $(wc -c <"$OUT/touchpoints_bg.wasm" | tr -d ' ') bytes, $(gzip -9 -c "$OUT/touchpoints_bg.wasm" | wc -c | tr -d ' ') gzip -> $OUT"
  exit 0
fi

# Sizes: what the page downloads (the wasm, its bindings, the page's JS and CSS).
size_of() { wc -c <"$1" | tr -d ' '; }
gzip_of() { gzip -9 -c "$1" | wc -c | tr -d ' '; }
total_raw=0
total_gz=0
printf '%-40s %10s %10s\n' "file" "bytes" "gzip"
shopt -s nullglob
for f in "$OUT/touchpoints_bg.wasm" "$OUT/touchpoints.js" www/js/*.js www/css/*.css; do
  raw=$(size_of "$f")
  gz=$(gzip_of "$f")
  total_raw=$((total_raw + raw))
  total_gz=$((total_gz + gz))
  printf '%-40s %10d %10d\n' "${f#www/}" "$raw" "$gz"
done
printf '%-40s %10d %10d\n' "total" "$total_raw" "$total_gz"
echo "page download: $(( (total_gz + 1023) / 1024 )) KB gzip ($(( (total_raw + 1023) / 1024 )) KB raw)"
