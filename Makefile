# Touchpoints: build, test, demo and benchmarks. `make help` lists the targets.
# Every target stops at the first failure; `make test` fails on any failure and skips
# nothing (also under CI, see .ci/run).

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

PORT ?= 8000
BENCH_CSV := bench-data/events-1m.csv
BENCH_CSV4 := bench-data/events-1m-4col.csv
BENCH_BIG := bench-data/events-20m-4col.csv
WASM_TARGET := wasm32-unknown-unknown
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

VENV_PY := .venv/bin/python
WHEELS := target/wheels
# The wheel the tests install: a debug build (it reuses `cargo test`'s compiled core; an
# optimized arrow + LTO build costs minutes). `make bench-spark` builds with --release.
WHEEL_PROFILE ?= dev

.PHONY: help setup wasm demo serve test lint test-native test-wasm test-e2e bench bench-data \
        bench-node bench-browser bench-big bench-attribution samples demo-video dist clean fuzz fuzz-smoke fuzz-campaign wheel test-python test-spark bench-spark

help:
	@echo "make setup          install chromium, the wasm target, wasm-bindgen-cli, node packages"
	@echo "make wasm           build the wasm into www/pkg and print the page download size"
	@echo "make demo           setup + wasm + serve www/ on http://127.0.0.1:$(PORT)/"
	@echo "make test           fmt, clippy, native tests, wasm facade tests, wasm build, browser tests"
	@echo "make bench          native ingest benchmark: ours vs a plain csv-crate loop (MB/s, events/s, bytes/event)"
	@echo "make bench-node     the wasm core in Node, one thread (Session push + finish)"
	@echo "make fuzz           every fuzz target for FUZZ_SECONDS each (default 180; cargo-fuzz)"
	@echo "make fuzz-campaign  every fuzz target for FUZZ_RUNS executions (default 10M; README)"
	@echo "make bench-browser  headless chromium, 1M events: Session, analyze() workers, PapaParse, DuckDB-Wasm"
	@echo "make bench-big      a 20M-event (1.1 GB) file dropped on index.html: seconds, longest main-thread task, peak memory"
	@echo "make bench-attribution  attribution models natively and in wasm (Markov orders 1 and 4, the 1M-event file)"
	@echo "make wheel          build the Python wheel (maturin) into target/wheels and install it into .venv"
	@echo "make test-python    the Python package's tests (pytest), against the command line"
	@echo "make test-spark     the Spark example on 500,000 generated events (local[2]) equals the command line"
	@echo "make bench-spark    partial kernel through mapInArrow: events/s per core, overhead against the CLI"
	@echo "make dist           the widget folder a marketer copies (dist/touchpoints-widget), with its gzip size"
	@echo "make samples        regenerate www/samples/ data files"
	@echo "make demo-video     regenerate the demo video and its answer key (needs ffmpeg)"
	@echo "make clean          remove build and test output"

setup:
	bash scripts/setup.sh

wasm:
	bash scripts/build-wasm.sh

serve:
	node scripts/serve.mjs --port $(PORT) --csp --quiet

demo: setup wasm
	@echo
	@echo "Open http://127.0.0.1:$(PORT)/?sample=hotel   (Ctrl-C stops the server)"
	@echo
	node scripts/serve.mjs --port $(PORT) --csp --quiet

lint:
	cargo fmt --all --check
	cargo clippy --all-targets --features cli -- -D warnings
	cargo clippy -p touchpoints-python --all-targets -- -D warnings
	cargo clippy --target $(WASM_TARGET) --lib --test wasm_facade -- -D warnings
	cargo clippy --target $(WASM_TARGET) --lib --no-default-features -- -D warnings
	cargo clippy --target $(WASM_TARGET) --lib --no-default-features --features journeys -- -D warnings

test-native:
	cargo test

test-wasm:
	cargo test --target $(WASM_TARGET) --test wasm_facade

test-e2e: wasm
	bash scripts/build-wasm.sh --widget
	npx playwright test

# Fuzzing (fuzz/, scripts/fuzz.sh): crashes land in fuzz/artifacts/<target>/.
FUZZ_SECONDS ?= 180
FUZZ_SMOKE_SECONDS ?= 15
FUZZ_RUNS ?= 10000000

fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash scripts/fuzz.sh

# What `make test` runs: every target briefly, so CI catches a regression.
fuzz-smoke:
	FUZZ_SECONDS=$(FUZZ_SMOKE_SECONDS) FUZZ_SEED=$${FUZZ_SEED:-1} bash scripts/fuzz.sh

fuzz-campaign:
	FUZZ_RUNS=$(FUZZ_RUNS) nice bash scripts/fuzz.sh
wheel:
	rm -f $(WHEELS)/touchpoints-*.whl
	$(VENV_PY) -m maturin build --manifest-path python/Cargo.toml --profile $(WHEEL_PROFILE) --out $(WHEELS)
	$(VENV_PY) -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps $(WHEELS)/touchpoints-*.whl

# Run from the repository root, so `import touchpoints` is the installed wheel, not python/touchpoints/.
test-python: wheel
	cargo build --features cli --bin touchpoints
	$(VENV_PY) -m pytest -q -m "not spark" python/tests

test-spark: wheel
	cargo build --features cli --bin touchpoints
	$(VENV_PY) -m pytest -q -m spark python/tests

SPARK_DATA := bench-data/spark

$(SPARK_DATA)/events-2m.csv:
	cargo run --release --example generate_bench -- $@ --events 2000000

bench-spark: setup $(SPARK_DATA)/events-2m.csv
	$(MAKE) --no-print-directory wheel WHEEL_PROFILE=release
	cargo build --release --features cli --bin touchpoints
	$(VENV_PY) python/tests/spark_data.py $(SPARK_DATA)/events-2m.csv $(SPARK_DATA)/parquet-2m --parts 8
	PYSPARK_PYTHON=$(VENV_PY) $(VENV_PY) python/examples/bench_spark.py $(SPARK_DATA)/parquet-2m \
	  $(SPARK_DATA)/events-2m.csv --partitions 8 --cores 2

test: setup
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory test-native
	$(MAKE) --no-print-directory test-wasm
	$(MAKE) --no-print-directory fuzz-smoke
	$(MAKE) --no-print-directory test-e2e
	$(MAKE) --no-print-directory test-python
	$(MAKE) --no-print-directory test-spark
	@echo "make test: all passed"

$(BENCH_CSV):
	cargo run --release --example generate_bench

$(BENCH_CSV4):
	cargo run --release --example generate_bench -- --four-columns

bench-data: $(BENCH_CSV) $(BENCH_CSV4)

bench: $(BENCH_CSV) $(BENCH_CSV4)
	cargo bench --bench ingest -- $(BENCH_CSV)
	cargo bench --bench ingest -- $(BENCH_CSV4)

bench-node: wasm $(BENCH_CSV)
	node tests/bench/node-ingest.mjs $(BENCH_CSV)

bench-browser: setup wasm $(BENCH_CSV4)
	BENCH=1 npx playwright test --config tests/bench/playwright.config.js bench.spec

$(BENCH_BIG):
	cargo run --release --example generate_bench -- $@ --events 20000000 --four-columns

bench-big: setup wasm $(BENCH_BIG)
	BENCH=1 BENCH_BIG=$(BENCH_BIG) npx playwright test --config tests/bench/playwright.config.js big-file

dist: setup
	bash scripts/build-dist.sh

bench-attribution: $(BENCH_CSV)
	cargo bench --bench attribution
	bash scripts/build-wasm.sh
	node tests/bench/attribution-wasm.mjs

samples:
	cargo run --example generate_samples

demo-video:
	bash scripts/make-demo-video.sh

clean:
	cargo clean
	rm -rf www/pkg dist screenshots test-results playwright-report fuzz/target
