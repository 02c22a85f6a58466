#!/usr/bin/env bash
# Browser benchmark: one headless Chromium run of tests/bench_web.rs (the worker's wasm-worker build, as the page ships it) that times the
# browser's JSON.parse against our analyze on the same generated 100 MiB HAR, and analyze on
# 100 MiB of mixed logs, with JS heap and wasm memory. Prints the figures (lines starting RESULT).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/tools.sh

# The repo's webdriver.json plus precise performance.memory figures (Chrome rounds them otherwise).
driver_json="target/bench-web-webdriver.json"
mkdir -p target
python3 - "$driver_json" <<'PY'
import json, sys
cfg = json.load(open("webdriver.json"))
args = cfg.setdefault("goog:chromeOptions", {}).setdefault("args", [])
args.append("--enable-precise-memory-info")
json.dump(cfg, open(sys.argv[1], "w"), indent=2)
PY
export WASM_BINDGEN_TEST_WEBDRIVER_JSON="$driver_json"
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-900}"
# The analysis as the page's worker runs it: the inputs timed here (100 MiB) go to the worker,
# whose wasm `trunk build --release` builds with the speed-tuned profile wasm-worker.
# BENCH_PROFILE=wasm-release times the page's own (size-tuned) wasm instead.
cargo test --profile "${BENCH_PROFILE:-wasm-worker}" --target wasm32-unknown-unknown --features bench-web --test bench_web -- --nocapture
