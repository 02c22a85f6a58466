#!/usr/bin/env bash
# Runs every test: format, lints (native + wasm32), native tests, browser tests in headless Chromium,
# the release build (with its wasm size), and the end-to-end smoke test under a sub-path.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/tools.sh
step() { printf '\n==> %s\n' "$*"; }

step "module graph (no cycle between src/'s modules, no code file over 800 lines)"
python3 scripts/modgraph.py src 800

step "cargo fmt --check"
cargo fmt --all -- --check

step "clippy (native, all targets)"
cargo clippy --all-targets -- -D warnings

step "clippy (wasm32: page, UI, browser tests)"
cargo clippy --target wasm32-unknown-unknown --lib --bins --test web -- -D warnings

step "native tests"
cargo test

step "python unittest: the stub ECE server, the post_build hook (CSP, service worker file list, manifest check)"
python3 -m unittest tests/ece_stub_server_test.py tests/post_build_test.py 2>&1 | tail -n 3

step "browser tests (wasm-bindgen-test in headless Chromium, against the stub ECE server)"
. scripts/serve-lib.sh
start_stub_ecs
export ECE_STUB_URL="$stub_url"
echo "stub ECE server at $ECE_STUB_URL"
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-120}"
cargo test --target wasm32-unknown-unknown --test web
stop_servers

step "fuzz smoke run (cargo-fuzz, every target for a few seconds; long run: make fuzz-long)"
scripts/fuzz.sh "${FUZZ_SECONDS:-5}"

step "trunk build --release"
rm -rf dist
trunk build --release --offline
# The page's wasm (loaded by every visit) and the analysis worker's (loaded with the first input
# over 1 MB), each within 900 KiB gzipped.
for wasm in dist/ece-triage-web-*_bg.wasm dist/ece-triage-worker_bg.wasm; do
  [ -f "$wasm" ] || { echo "no $wasm in dist/"; exit 1; }
  raw=$(stat -c %s "$wasm"); gz=$(gzip -9 -c "$wasm" | wc -c)
  printf 'wasm size: %s: %s bytes raw, %s bytes gzipped (%s KiB gzipped; budget 900 KiB)\n' "${wasm#dist/}" "$raw" "$gz" $((gz / 1024))
  [ $((gz / 1024)) -lt 900 ] || { echo "$wasm over the 900 KiB gzipped budget"; exit 1; }
done

step "end-to-end smoke test (dist/ served under /tools/ece/ in headless Chromium)"
scripts/e2e-smoke.sh

printf '\nAll checks passed.\n'
