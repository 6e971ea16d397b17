#!/usr/bin/env bash
# Installs everything the build and the tests need, on a fresh Debian-like machine with
# rustup, Node 20, npm and Python 3.9+. Idempotent and fast when everything is present. Installs only
# through apt-get, rustup, cargo, npm and pip (into the project's .venv/); never `npx playwright install` (we test with
# Debian's chromium).
#
#   scripts/setup.sh
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

say() { echo "setup: $*"; }

# 1. Chromium and its driver (headless browser tests).
if command -v chromium >/dev/null 2>&1; then
  say "chromium present ($(command -v chromium))"
else
  say "installing chromium chromium-driver with apt-get"
  SUDO=""
  if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    chromium chromium-driver
fi

# 2. The Rust WebAssembly target.
command -v rustup >/dev/null || { echo "setup: rustup not found (https://rustup.rs)" >&2; exit 1; }
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "rust target wasm32-unknown-unknown present"
else
  say "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
for comp in rustfmt clippy; do
  if ! rustup component list --installed 2>/dev/null | grep -q "^$comp"; then
    say "rustup component add $comp"
    rustup component add "$comp"
  fi
done

# 3. wasm-bindgen-cli, exactly the version Cargo.toml pins (one source of truth).
WB_VERSION="$(sed -n 's/^wasm-bindgen *= *"=\([0-9.]*\)".*/\1/p' Cargo.toml | head -n 1)"
[ -n "$WB_VERSION" ] || { echo "setup: no exact wasm-bindgen pin (=x.y.z) in Cargo.toml" >&2; exit 1; }
have="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
have_runner="$(wasm-bindgen-test-runner --version 2>/dev/null | awk '{print $2}' || true)"
if [ "$have" = "$WB_VERSION" ] && [ "$have_runner" = "$WB_VERSION" ]; then
  say "wasm-bindgen-cli $WB_VERSION present"
else
  say "cargo install wasm-bindgen-cli --version $WB_VERSION (found '${have:-none}'; takes a few minutes)"
  cargo install wasm-bindgen-cli --version "$WB_VERSION" --force
fi

# 4. cargo-fuzz (the fuzz targets in fuzz/, built on the stable toolchain).
if command -v cargo-fuzz >/dev/null 2>&1; then
  say "cargo-fuzz present ($(cargo fuzz --version 2>/dev/null || echo unknown))"
else
  say "cargo install cargo-fuzz --locked (takes a few minutes)"
  cargo install cargo-fuzz --locked
fi

# 5. Node packages (Playwright test runner), without browser downloads.
command -v npm >/dev/null || { echo "setup: npm not found (Node 20 needed)" >&2; exit 1; }
stamp="node_modules/.setup-stamp"
if [ -f package-lock.json ]; then
  if [ -f "$stamp" ] && [ "$stamp" -nt package-lock.json ] && [ "$stamp" -nt package.json ]; then
    say "node_modules up to date"
  else
    say "npm ci"
    npm ci --no-audit --no-fund
    touch "$stamp"
  fi
else
  say "npm install (no lockfile)"
  npm install --no-audit --no-fund
  touch "$stamp"
fi

# 5. Python: a project-local virtual environment (.venv/, git-ignored) with maturin, pytest,
#    pyarrow and PySpark, pinned in python/requirements-dev.txt (the wheel and Spark tests).
PYTHON="${PYTHON:-python3}"
command -v "$PYTHON" >/dev/null || { echo "setup: $PYTHON not found (Python 3.9+ needed)" >&2; exit 1; }
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 9))' \
  || { echo "setup: $PYTHON is older than 3.9" >&2; exit 1; }
if [ ! -x .venv/bin/python ]; then
  say "$PYTHON -m venv .venv"
  "$PYTHON" -m venv .venv
fi
pystamp=".venv/.setup-stamp"
if [ -f "$pystamp" ] && [ "$pystamp" -nt python/requirements-dev.txt ]; then
  say "python packages up to date (.venv)"
else
  say "pip install -r python/requirements-dev.txt into .venv (PySpark is a ~450 MB download)"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-cache-dir \
    -r python/requirements-dev.txt
  touch "$pystamp"
fi

# 6. Java for the local Spark session (PySpark 4 needs Java 17 or later).
java_major() { java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1; }
if command -v java >/dev/null 2>&1 && [ "$(java_major)" -ge 17 ] 2>/dev/null; then
  say "java $(java_major) present ($(command -v java))"
else
  say "installing openjdk-17-jre-headless with apt-get (found: $(java_major 2>/dev/null || true))"
  SUDO=""
  if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    openjdk-17-jre-headless
fi

say "done"
