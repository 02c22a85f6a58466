# Shared by scripts/fuzz.sh (the smoke run) and scripts/fuzz-long.sh (the long run): the tools,
# the build, the targets and their settings. Sourced, not run.
#
# Settings (environment):
#   FUZZ_TARGETS    targets to run (default: all, in the order below)
#   FUZZ_SANITIZER  none (default) or address. The core and its parsers are safe Rust (no `unsafe`
#                   in src/), so AddressSanitizer finds nothing a panic or libFuzzer's own crash
#                   handling does not (stack overflow, out-of-memory, abort), and costs 3-5x the
#                   runs per second. `address` is there for a change that brings unsafe code.
#   FUZZ_STACK_KB   stack of the fuzzed process (default 1024 without ASan, 2048 with: the page runs
#                   in wasm with a 1 MiB stack and ASan's frames are about twice as large), so that
#                   unbounded recursion on hostile input shows up here as a crash.
#   FUZZ_MAX_LEN    largest input tried, for every target (default: per target, below)
#   ECE_TOOLS       where cargo-fuzz is installed (default ~/.cache/ece-triage-tools)

ECE_TOOLS="${ECE_TOOLS:-$HOME/.cache/ece-triage-tools}"
CARGO_FUZZ_VERSION="0.13.2"
export PATH="$ECE_TOOLS/bin:$HOME/.cargo/bin:$PATH"
# Only the stable toolchain is needed: RUSTC_BOOTSTRAP=1 lets stable rustc accept the -Z flags
# that cargo-fuzz passes (-Zsanitizer=..., the coverage instrumentation).
export RUSTC_BOOTSTRAP=1
# Keep the fuzz build out of the main crate's target dir even if the caller set one.
unset CARGO_TARGET_DIR

ALL_TARGETS="arm_text arm_bytes logs log_listener log_ctisvr log_opc log_rttest har share answer analyze intake har_model logs_model"
TARGETS="${FUZZ_TARGETS:-$ALL_TARGETS}"
SANITIZER="${FUZZ_SANITIZER:-none}"
case "$SANITIZER" in
  none) STACK_KB="${FUZZ_STACK_KB:-1024}" ;;
  address) STACK_KB="${FUZZ_STACK_KB:-2048}" ;;
  *) echo "FUZZ_SANITIZER must be none or address" >&2; exit 2 ;;
esac
# Each sanitizer builds into its own directory, so switching does not rebuild the other.
FUZZ_TARGET_DIR="fuzz/target/$SANITIZER"
FUZZ_BIN_DIR="$FUZZ_TARGET_DIR/x86_64-unknown-linux-gnu/release"

# Largest input per target: a little above the largest real-shaped input that still teaches the
# fuzzer something (a HAR with a few entries, a screenful of log lines, one ARM message). Bigger
# inputs only make each run slower (a run costs about its input's size). The structure-aware
# targets read a model, not text: 4 KiB of choices is a HAR of 10 entries or 3 agents' logs.
max_len() {
  if [ -n "${FUZZ_MAX_LEN:-}" ]; then echo "$FUZZ_MAX_LEN"; return; fi
  case "$1" in
    arm_bytes) echo 1024 ;;
    arm_text | answer | log_listener | log_ctisvr | log_opc | log_rttest) echo 4096 ;;
    logs) echo 8192 ;;
    har | share | analyze | intake) echo 16384 ;;
    har_model | logs_model) echo 4096 ;;
    *) echo 8192 ;;
  esac
}

say() { printf '[fuzz] %s\n' "$*" >&2; }

fuzz_install() {
  if ! cargo fuzz --version 2>/dev/null | grep -q "$CARGO_FUZZ_VERSION"; then
    say "installing cargo-fuzz $CARGO_FUZZ_VERSION into $ECE_TOOLS (about 1 minute, once)"
    mkdir -p "$ECE_TOOLS"
    cargo install cargo-fuzz --locked --version "$CARGO_FUZZ_VERSION" --root "$ECE_TOOLS"
  fi
}

# Builds every target: -O optimised, -a debug assertions (arithmetic overflow panics, as in
# `cargo test`), the chosen sanitizer.
fuzz_build() {
  fuzz_install
  say "building the fuzz targets ($FUZZ_TARGET_DIR, sanitizer $SANITIZER)"
  cargo fuzz build -O -a -s "$SANITIZER" --target-dir "$FUZZ_TARGET_DIR"
}

# The read-only corpus directories of a target, after the one new inputs go to: the committed
# corpus and the inputs that once broke it.
# The regression inputs seed the run too, except those still listed as OPEN in
# tests/fuzz_regressions.rs (a finding not fixed yet would fail every run at once).
seed_dirs() {
  echo "fuzz/corpus/$1"
  local dir="tests/fuzz_regressions/$1" open seeds
  [ -d "$dir" ] || return 0
  open="$(awk '/^const OPEN/,/\];/' tests/fuzz_regressions.rs | grep -o "\"$1/[^\"]*\"" | tr -d '"' || true)"
  if [ -z "$open" ]; then echo "$dir"; return 0; fi
  seeds="fuzz/target/seeds/$1"
  rm -rf "$seeds" && mkdir -p "$seeds" && cp "$dir"/* "$seeds"/
  for id in $open; do rm -f "$seeds/${id#*/}"; done
  echo "$seeds"
}

# The commands that reproduce a crash of target $1 on input $2.
say_reproduce() {
  say "reproduce:  (ulimit -s $STACK_KB; $FUZZ_BIN_DIR/$1 $2)"
  say "     or:    (ulimit -s $STACK_KB; RUSTC_BOOTSTRAP=1 cargo fuzz run -O -a -s $SANITIZER --target-dir $FUZZ_TARGET_DIR $1 $2)"
  say "minimise:   RUSTC_BOOTSTRAP=1 cargo fuzz tmin -O -a -s $SANITIZER --target-dir $FUZZ_TARGET_DIR $1 $2"
  say "then keep it as a regression test: cp $2 tests/fuzz_regressions/$1/<what-it-broke> (cargo test --test fuzz_regressions)"
}
