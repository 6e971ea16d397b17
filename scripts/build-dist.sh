#!/usr/bin/env bash
# Builds the folder a marketer copies next to their page (and an npm package):
#
#   scripts/build-dist.sh              build the widget's wasm, then the folder
#   scripts/build-dist.sh --no-wasm    reuse the last widget builds (target/widget-pkg and
#                                      target/widget-pkg-journeys), else www/pkg for both
#
# The widget's wasm is its own two builds (scripts/build-wasm.sh --widget), without the pages' own
# facade, the annotation importers, classroom grading, value sheet and CLV that only the pages use:
# pkg/ draws the counts, engagement and value charts (and <touchpoints-report>); pkg-journeys/, loaded
# only by a page showing a funnel, paths, journey map or attribution chart, draws every chart.
# wasm-opt (npm `binaryen`) runs only with WASM_OPT=1: on this wasm its -Oz output is smaller
# raw but larger gzipped, and gzip is what a page downloads.
#
# Output: dist/touchpoints-widget/ with
#   touchpoints-widget.js      the entry: <script type="module" src="touchpoints-widget/touchpoints-widget.js">
#   widget/ js/ pkg/ pkg-journeys/  the elements, the message table and downloads, the two wasm cores (same
#                              layout as www/, so the wasm is found relative to the module; widget/cores.js
#                              is written here to point the journey charts at pkg-journeys/)
#   index.d.ts package.json README.md
# and prints the gzip size of everything a page downloads (wasm + JS + CSS).
# (Lead: wire as `make dist`.)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
OUT="dist/touchpoints-widget"

PKG="${CARGO_TARGET_DIR:-target}/widget-pkg"
PKG_JOURNEYS="${CARGO_TARGET_DIR:-target}/widget-pkg-journeys"
if [ "${1:-}" != "--no-wasm" ]; then
  bash scripts/build-wasm.sh --widget >/dev/null
elif [ ! -f "$PKG/touchpoints_bg.wasm" ] || [ ! -f "$PKG_JOURNEYS/touchpoints_bg.wasm" ]; then
  PKG="www/pkg"   # the pages' wasm: a superset of both widget builds
  PKG_JOURNEYS="www/pkg"
fi
for p in "$PKG" "$PKG_JOURNEYS"; do
  [ -f "$p/touchpoints_bg.wasm" ] || { echo "$p is missing: run scripts/build-wasm.sh --widget" >&2; exit 1; }
done

rm -rf "$OUT"
mkdir -p "$OUT/widget" "$OUT/js/i18n" "$OUT/pkg" "$OUT/pkg-journeys" "$OUT/css"
cp www/css/charts.css "$OUT/css/"
cp www/widget/*.js www/widget/widget.css www/widget/index.d.ts "$OUT/widget/"
mv "$OUT/widget/index.d.ts" "$OUT/index.d.ts"
cp www/js/i18n.js www/js/dom.js www/js/download.js www/js/format.js www/js/storage.js "$OUT/js/"
# The message tables, cut to what the widget shows (widget., chart., class., core.; not the
# core's classroom, importer, CLV, video-link and parts texts core.feedback., moments., grade., settings., classroom.,
# import., clv., videoLink., parts.: neither widget core has that code): the pages' own texts
# are most of the tables and a widget never shows them. Every literal
# key the copied scripts ask for must be in the cut tables.
node - "$OUT" <<'NODE'
const fs = require("node:fs");
const vm = require("node:vm");
const out = process.argv[2];
const KEEP = /^(widget|chart|class)\.|^core\.(?!feedback\.|moments\.|grade\.|settings\.|classroom\.|import\.|clv\.|videoLink\.|parts\.)/;
const load = (lang) => {
  const sandbox = { module: {} };
  vm.runInNewContext(fs.readFileSync(`www/js/i18n/${lang}.js`, "utf8").replace(/^export default /m, "module.exports = "), sandbox);
  return sandbox.module.exports;
};
const tables = {};
for (const lang of ["en", "nl"]) {
  tables[lang] = Object.fromEntries(Object.entries(load(lang)).filter(([k]) => KEEP.test(k)));
  const body = Object.entries(tables[lang]).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(",\n");
  fs.writeFileSync(`${out}/js/i18n/${lang}.js`, `// The widget's ${lang} messages (cut from www/js/i18n/${lang}.js by scripts/build-dist.sh).\nexport default {\n${body}\n};\n`);
}
const missing = [];
for (const dir of ["widget", "js"]) {
  for (const file of fs.readdirSync(`${out}/${dir}`).filter((f) => f.endsWith(".js"))) {
    const text = fs.readFileSync(`${out}/${dir}/${file}`, "utf8");
    for (const m of text.matchAll(/\b(?:t|pageT)\("([a-z]+\.[\w.-]+)"/g)) if (!(m[1] in tables.en)) missing.push(`${dir}/${file}: ${m[1]}`);
  }
}
if (missing.length) {
  console.error(`keys the widget asks for but the cut tables lack:\n${missing.join("\n")}`);
  process.exit(1);
}
NODE
cp "$PKG/touchpoints.js" "$PKG/touchpoints_bg.wasm" "$PKG/touchpoints.d.ts" "$PKG/touchpoints_bg.wasm.d.ts" "$OUT/pkg/"
cp "$PKG_JOURNEYS/touchpoints.js" "$PKG_JOURNEYS/touchpoints_bg.wasm" "$PKG_JOURNEYS/touchpoints.d.ts" \
  "$PKG_JOURNEYS/touchpoints_bg.wasm.d.ts" "$OUT/pkg-journeys/"
cat >"$OUT/widget/cores.js" <<'JS'
// Where the widget finds its wasm cores, relative to this module (written by scripts/build-dist.sh):
// the counts, engagement and value charts load the small pkg/; the funnel, paths, journey map and
// attribution charts load pkg-journeys/ (every chart) instead.
export const CORES = { basic: "../pkg/", journeys: "../pkg-journeys/" };
JS

# With WASM_OPT=1, also try wasm-opt -Oz from the npm package `binaryen` (`npm install --no-save
# binaryen`; never Debian's: it writes broken wasm); its output is kept only when it loads in
# Node, analyses a sample and is smaller gzipped (so far it is not: see CHANGELOG.md).
WASM="$OUT/pkg/touchpoints_bg.wasm"
if [ "${WASM_OPT:-0}" = "1" ]; then
  if [ ! -x node_modules/.bin/wasm-opt ] || ! node_modules/.bin/wasm-opt --version | grep -q "version"; then
    echo "node_modules/.bin/wasm-opt missing or broken: the wasm is not shrunk" >&2
  else
    node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
      --enable-sign-ext --enable-mutable-globals "$WASM" -o dist/.wasm-opt-output
    check="$(mktemp -d)"
    cp "$OUT/pkg/touchpoints.js" "$check/touchpoints.mjs"   # the repo's package.json is CommonJS
    if ! node --input-type=module -e "
      import { readFileSync } from 'node:fs';
      const m = await import('$check/touchpoints.mjs');
      m.initSync({ module: readFileSync('dist/.wasm-opt-output') });
      const s = new m.Session('a.csv', { preset: 'hotel' });
      s.push(readFileSync('www/samples/hotel-journeys.csv'));
      if (!(s.finish().events > 0) || !s.charts().by_kind.startsWith('<svg')) process.exit(1);
    "; then
      echo "wasm-opt output does not load; keeping the wasm as built" >&2
    elif [ "$(gzip -9 -c dist/.wasm-opt-output | wc -c)" -lt "$(gzip -9 -c "$WASM" | wc -c)" ]; then
      cp dist/.wasm-opt-output "$WASM"
    else
      echo "wasm-opt output is not smaller gzipped; keeping the wasm as built" >&2
    fi
    rm -rf "$check" dist/.wasm-opt-output
  fi
fi
cat >"$OUT/touchpoints-widget.js" <<'JS'
// Touchpoints widget entry: defines <touchpoints-chart> and <touchpoints-report>.
export * from "./widget/touchpoints-widget.js";
JS
VERSION="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)"
cat >"$OUT/package.json" <<JSON
{
  "name": "touchpoints-widget",
  "version": "$VERSION",
  "description": "Customer-journey charts and reports as custom elements; the analysis runs in the browser (WebAssembly), the data never leaves it.",
  "license": "MIT",
  "type": "module",
  "main": "./touchpoints-widget.js",
  "module": "./touchpoints-widget.js",
  "types": "./index.d.ts",
  "exports": {
    ".": { "types": "./index.d.ts", "default": "./touchpoints-widget.js" },
    "./core": { "types": "./pkg-journeys/touchpoints.d.ts", "default": "./pkg-journeys/touchpoints.js" },
    "./core-basic": { "types": "./pkg/touchpoints.d.ts", "default": "./pkg/touchpoints.js" },
    "./widget.css": "./widget/widget.css",
    "./pkg/touchpoints_bg.wasm": "./pkg/touchpoints_bg.wasm",
    "./pkg-journeys/touchpoints_bg.wasm": "./pkg-journeys/touchpoints_bg.wasm"
  },
  "sideEffects": ["./touchpoints-widget.js", "./widget/touchpoints-widget.js"],
  "files": ["touchpoints-widget.js", "index.d.ts", "widget/", "js/", "pkg/", "pkg-journeys/", "README.md"],
  "customElements": "./index.d.ts"
}
JSON
cat >"$OUT/README.md" <<'MD'
# touchpoints-widget

Copy this folder next to your page and your journey file, then:

```html
<script type="module" src="touchpoints-widget/touchpoints-widget.js"></script>
<touchpoints-chart src="journeys.csv" chart="by-kind" preset="retail"></touchpoints-chart>
<touchpoints-report src="journeys.csv" preset="retail" sections="counts,engagement,value"></touchpoints-report>
```

The page must be served over http(s) (not opened as file://), with `.wasm` as `application/wasm`.
Under a Content-Security-Policy the widget needs exactly
`default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'` — no `img-src`
beyond `'self'`: PNG downloads are painted on a canvas, not loaded as images.
No request leaves your site: no fonts, CDN or analytics; the data never leaves the browser.
Attributes, events and theming: see embed.html in the Touchpoints repository.
MD

# Sizes of what a page downloads: the JS and CSS, and one core or the other (both when it shows
# charts of both kinds).
printf '%-40s %10s %10s\n' "file" "bytes" "gzip -9"
shared_raw=0
shared_gz=0
declare -A core_raw core_gz
while IFS= read -r f; do
  raw=$(wc -c <"$f" | tr -d ' ')
  gz=$(gzip -9 -c "$f" | wc -c | tr -d ' ')
  printf '%-40s %10d %10d\n' "${f#"$OUT"/}" "$raw" "$gz"
  case "${f#"$OUT"/}" in
    pkg/*) core_raw[basic]=$(( ${core_raw[basic]:-0} + raw )); core_gz[basic]=$(( ${core_gz[basic]:-0} + gz )) ;;
    pkg-journeys/*) core_raw[journeys]=$(( ${core_raw[journeys]:-0} + raw )); core_gz[journeys]=$(( ${core_gz[journeys]:-0} + gz )) ;;
    *) shared_raw=$((shared_raw + raw)); shared_gz=$((shared_gz + gz)) ;;
  esac
done < <(find "$OUT" -type f \( -name '*.js' -o -name '*.css' -o -name '*.wasm' \) | sort)
kb() { echo $(( ($1 + 1023) / 1024 )); }
echo "widget download, counts/engagement/value charts (pkg/): $(kb $((shared_gz + core_gz[basic]))) KB gzip ($(kb $((shared_raw + core_raw[basic]))) KB raw)"
echo "widget download, with a journey chart (pkg-journeys/):  $(kb $((shared_gz + core_gz[journeys]))) KB gzip ($(kb $((shared_raw + core_raw[journeys]))) KB raw)"
echo "  (JS + CSS $(kb "$shared_gz") KB gzip) -> $OUT"
