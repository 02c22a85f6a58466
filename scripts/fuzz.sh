#!/usr/bin/env bash
# Fuzzes every parser with cargo-fuzz (libFuzzer + AddressSanitizer) for SECONDS each (default 10).
#
#   scripts/fuzz.sh          # 10 s per target: a smoke run
#   scripts/fuzz.sh 600      # the long run
#   FUZZ_TARGETS="logs har" scripts/fuzz.sh 60   # only some targets
#
# Installs cargo-fuzz once into $ECE_TOOLS (default ~/.cache/ece-triage-tools) from crates.io.
# Only the stable toolchain is needed: RUSTC_BOOTSTRAP=1 lets stable rustc accept the -Z flags
# (-Zsanitizer=address) that cargo-fuzz passes. Built with -O (optimised) and -a (debug
# assertions: arithmetic overflow panics, as in `cargo test`).
#
# The committed seeds in fuzz/corpus/<target>/ are only read; what the fuzzer adds goes to
# fuzz/target/corpus/<target>/ and crashes to fuzz/artifacts/<target>/ (both git-ignored).
# Exits non-zero when any target crashes or breaks an invariant, and prints how to reproduce.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_EACH="${1:-10}"
case "$SECONDS_EACH" in '' | *[!0-9]*) echo "usage: scripts/fuzz.sh [SECONDS]" >&2; exit 2 ;; esac
ECE_TOOLS="${ECE_TOOLS:-$HOME/.cache/ece-triage-tools}"
CARGO_FUZZ_VERSION="0.13.2"
export PATH="$ECE_TOOLS/bin:$HOME/.cargo/bin:$PATH"
export RUSTC_BOOTSTRAP=1
# Keep the fuzz build out of the main crate's target dir even if the caller set one.
unset CARGO_TARGET_DIR
ALL_TARGETS="arm_text arm_bytes logs log_listener log_ctisvr log_opc log_rttest har share answer analyze intake"
TARGETS="${FUZZ_TARGETS:-$ALL_TARGETS}"
# Inputs larger than this are not tried (the seeds are far smaller; bigger only slows the run).
MAX_LEN="${FUZZ_MAX_LEN:-65536}"
# Stack of the fuzzed process (KiB): the page runs in wasm with a 1 MiB stack, and ASan's frames are
# about twice as large, so unbounded recursion on hostile input shows up here as a crash too.
STACK_KB="${FUZZ_STACK_KB:-2048}"

say() { printf '[fuzz] %s\n' "$*" >&2; }

if ! cargo fuzz --version 2>/dev/null | grep -q "$CARGO_FUZZ_VERSION"; then
  say "installing cargo-fuzz $CARGO_FUZZ_VERSION into $ECE_TOOLS (about 1 minute, once)"
  mkdir -p "$ECE_TOOLS"
  cargo install cargo-fuzz --locked --version "$CARGO_FUZZ_VERSION" --root "$ECE_TOOLS"
fi

say "building the fuzz targets (fuzz/target)"
cargo fuzz build -O -a

failed=()
for t in $TARGETS; do
  scratch="fuzz/target/corpus/$t"
  artifacts="fuzz/artifacts/$t"
  mkdir -p "$scratch" "$artifacts"
  log="fuzz/target/$t.log"
  say "running $t for ${SECONDS_EACH}s"
  # The first corpus dir is where new inputs are written; the seeds come after, read-only.
  set +e
  (
    ulimit -s "$STACK_KB"
    cargo fuzz run -O -a "$t" "$scratch" "fuzz/corpus/$t" -- \
      -max_total_time="$SECONDS_EACH" -max_len="$MAX_LEN" -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1
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
      say "reproduce:      (ulimit -s $STACK_KB; RUSTC_BOOTSTRAP=1 cargo fuzz run -O -a $t $crash)"
      say "minimise:       RUSTC_BOOTSTRAP=1 cargo fuzz tmin -O -a $t $crash"
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
