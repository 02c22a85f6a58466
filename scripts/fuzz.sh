#!/usr/bin/env bash
# Fuzzes every parser with cargo-fuzz (libFuzzer) for SECONDS each (default 10): the smoke run
# `make test` makes (FUZZ_SECONDS there, 5 s). The long run is scripts/fuzz-long.sh (make fuzz-long).
#
#   scripts/fuzz.sh          # 10 s per target
#   FUZZ_TARGETS="logs har" scripts/fuzz.sh 60   # only some targets
#
# Settings: see scripts/fuzz-common.sh (FUZZ_SANITIZER, FUZZ_STACK_KB, FUZZ_MAX_LEN ...).
# Installs cargo-fuzz once into $ECE_TOOLS (default ~/.cache/ece-triage-tools) from crates.io.
#
# The committed corpus fuzz/corpus/<target>/ and the regression inputs tests/fuzz_regressions/<target>/
# are only read; what the fuzzer adds goes to fuzz/target/corpus/<target>/ and crashes to
# fuzz/artifacts/<target>/ (both git-ignored). Exits non-zero when any target crashes or breaks an
# invariant, and prints how to reproduce.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_EACH="${1:-10}"
case "$SECONDS_EACH" in '' | *[!0-9]*) echo "usage: scripts/fuzz.sh [SECONDS]" >&2; exit 2 ;; esac
. scripts/fuzz-common.sh

fuzz_build

failed=()
for t in $TARGETS; do
  scratch="fuzz/target/corpus/$t"
  artifacts="fuzz/artifacts/$t"
  mkdir -p "$scratch" "$artifacts"
  log="fuzz/target/$t.log"
  say "running $t for ${SECONDS_EACH}s"
  # The first corpus dir is where new inputs are written; the others are read only.
  set +e
  (
    ulimit -s "$STACK_KB"
    # shellcheck disable=SC2046
    "$(bin_dir_of "$t")/$t" "$scratch" $(seed_dirs "$t") \
      -max_total_time="$SECONDS_EACH" -max_len="$(max_len "$t")" -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="$artifacts/" -print_final_stats=1
  ) >"$log" 2>&1
  rc=$?
  set -e
  stats="$(grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb):' "$log" | sed 's/^stat:://' | tr -s ' \n' ' ' || true)"
  if [ "$rc" -ne 0 ]; then
    crash="$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n1 || true)"
    say "$t FAILED (exit $rc). Last lines of $log:"
    grep -E 'panicked at|ERROR: AddressSanitizer|ERROR: libFuzzer|SUMMARY' "$log" | head -n 5 >&2 || true
    tail -n 25 "$log" >&2
    if [ -n "$crash" ]; then
      say "crashing input: $crash"
      say_reproduce "$t" "$crash"
    fi
    failed+=("$t")
  else
    say "$t ok: $stats"
  fi
done

if [ "${#failed[@]}" -gt 0 ]; then
  say "FAILED targets: ${failed[*]}"
  exit 1
fi
say "all targets ran ${SECONDS_EACH}s without a crash: $TARGETS"
