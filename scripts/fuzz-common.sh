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

ALL_TARGETS="arm_text arm_bytes logs log_listener log_ctisvr log_opc log_rttest har har_fast share answer analyze intake har_model logs_model"
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

# The structure-aware targets are built without trace-compares, in a directory of their own (the
# flags differ, so sharing one would rebuild everything at each switch). Without
# -use_value_profile that instrumentation feeds only libFuzzer's table of compared values, which
# its CMP mutations copy into the input; the model targets' input is `arbitrary`'s choices, not
# the text the product compares, so those values hardly ever land anywhere useful. Its hooks were
# over a third of a model run's time (perf, issue 18); coverage feedback is the same without it.
MODEL_TARGETS="har_model logs_model"
MODEL_TARGET_DIR="fuzz/target/$SANITIZER-nocmp"
is_model() { case " $MODEL_TARGETS " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
# The target directory and the directory of the binary of target $1.
target_dir_of() { if is_model "$1"; then echo "$MODEL_TARGET_DIR"; else echo "$FUZZ_TARGET_DIR"; fi; }
bin_dir_of() { echo "$(target_dir_of "$1")/x86_64-unknown-linux-gnu/release"; }
# The cargo fuzz flags target $1 is built with (after -O -a -s SANITIZER).
build_flags_of() { if is_model "$1"; then echo "--no-trace-compares"; fi; }

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
    har | har_fast | share | analyze | intake) echo 16384 ;;
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
# The model targets are built on their own without trace-compares (see MODEL_TARGETS).
fuzz_build() {
  fuzz_install
  local t others=""
  for t in $TARGETS; do is_model "$t" || others=1; done
  if [ -n "$others" ]; then
    say "building the fuzz targets ($FUZZ_TARGET_DIR, sanitizer $SANITIZER)"
    cargo fuzz build -O -a -s "$SANITIZER" --target-dir "$FUZZ_TARGET_DIR"
  fi
  for t in $TARGETS; do
    is_model "$t" || continue
    say "building $t ($MODEL_TARGET_DIR, sanitizer $SANITIZER, no trace-compares)"
    cargo fuzz build -O -a -s "$SANITIZER" --no-trace-compares --target-dir "$MODEL_TARGET_DIR" "$t"
  done
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
  local flags="-O -a -s $SANITIZER $(build_flags_of "$1") --target-dir $(target_dir_of "$1")"
  say "reproduce:  (ulimit -s $STACK_KB; $(bin_dir_of "$1")/$1 $2)"
  say "     or:    (ulimit -s $STACK_KB; RUSTC_BOOTSTRAP=1 cargo fuzz run $flags $1 $2)"
  say "minimise:   RUSTC_BOOTSTRAP=1 cargo fuzz tmin $flags $1 $2"
  say "then keep it as a regression test: cp $2 tests/fuzz_regressions/$1/<what-it-broke> (cargo test --test fuzz_regressions)"
}
