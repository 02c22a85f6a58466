#!/usr/bin/env bash
# Page benchmark: a generated log file (100 MiB by default) is chosen with the file picker of the
# built page (dist/, served under /tools/ece/ like the e2e test) in headless Chromium; prints the
# analysis time, the long tasks on the page's thread and the peak memory (tests/e2e/bigfile.mjs).
#   BENCH_MB=100      size of the generated log mix (src/synth.rs log_mix_mb), cached in target/bench-page/
#   BENCH_FILE=path   analyse this file instead
#   BENCH_BUILD=0     use the existing dist/ instead of running trunk build --release first
#   BENCH_MAX_TASK=ms fail when a task on the page's thread is longer (default: report only)
#   BENCH_PICKER_MS=ms open the file picker and choose the file ms later, as a user does (the page
#                     readies a warmed-up worker meanwhile); unset: the file is set at once
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/tools.sh
mb="${BENCH_MB:-100}"
file="${BENCH_FILE:-target/bench-page/mix-${mb}.log}"
if [ ! -f "$file" ]; then
  mkdir -p "$(dirname "$file")"
  echo "bench-page: generating $mb MiB of mixed logs into $file"
  cargo run -q --profile bench --example synth -- logs "$mb" "$file.tmp"
  mv "$file.tmp" "$file"
fi
if [ "${BENCH_BUILD:-1}" != 0 ] || [ ! -f dist/index.html ]; then
  rm -rf dist
  trunk build --release --offline
fi
. scripts/serve-lib.sh
serve_dist
args=("$page_url" "$file")
[ -z "${BENCH_MAX_TASK:-}" ] || args+=(--max-task "$BENCH_MAX_TASK")
[ -z "${BENCH_PICKER_MS:-}" ] || args+=(--picker "$BENCH_PICKER_MS")
node tests/e2e/bigfile.mjs "${args[@]}"
