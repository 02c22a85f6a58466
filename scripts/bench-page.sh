#!/usr/bin/env bash
# Page benchmark: a generated log file (100 MiB by default) is chosen with the file picker of the
# built page (dist/, served under /tools/ece/ like the e2e test) in headless Chromium; prints the
# analysis time, the long tasks on the page's thread and the peak memory (tests/e2e/bigfile.mjs).
#   BENCH_KIND=har    a generated HAR instead (src/synth.rs har_mb): the time to open request details,
#                     the capture's first and then three more (tests/e2e/hardetail.mjs)
#   BENCH_MB=100      size of the generated input, cached in target/bench-page/
#   BENCH_FILE=path   analyse this file instead
#   BENCH_BUILD=0     use the existing dist/ instead of running trunk build --release first
#   BENCH_MAX_TASK=ms fail when a task on the page's thread is longer (default: report only)
#   BENCH_PICKER_MS=ms open the file picker and choose the file ms later, as a user does (the page
#                     readies a warmed-up worker meanwhile); unset: the file is set at once
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/tools.sh
mb="${BENCH_MB:-100}"
kind="${BENCH_KIND:-logs}"
case "$kind" in
  logs) file="${BENCH_FILE:-target/bench-page/mix-${mb}.log}" ;;
  har) file="${BENCH_FILE:-target/bench-page/capture-${mb}.har}" ;;
  *) echo "bench-page: BENCH_KIND is logs or har, not $kind"; exit 2 ;;
esac
if [ ! -f "$file" ]; then
  mkdir -p "$(dirname "$file")"
  echo "bench-page: generating $mb MiB of $kind into $file"
  cargo run -q --profile bench --example synth -- "$kind" "$mb" "$file.tmp"
  mv "$file.tmp" "$file"
fi
if [ "${BENCH_BUILD:-1}" != 0 ] || [ ! -f dist/index.html ]; then
  rm -rf dist
  trunk build --release --offline
fi
. scripts/serve-lib.sh
serve_dist
if [ "$kind" = har ]; then
  node tests/e2e/hardetail.mjs "$page_url" "$file"
  exit 0
fi
args=("$page_url" "$file")
[ -z "${BENCH_MAX_TASK:-}" ] || args+=(--max-task "$BENCH_MAX_TASK")
[ -z "${BENCH_PICKER_MS:-}" ] || args+=(--picker "$BENCH_PICKER_MS")
node tests/e2e/bigfile.mjs "${args[@]}"
