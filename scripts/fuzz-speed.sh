#!/usr/bin/env bash
# How fast each fuzz target runs: RUNS executions (default 20000) from the committed corpus with a
# fixed mutation seed, into a scratch corpus that starts empty; prints runs per second of wall
# time (what libFuzzer reports, and what a shared machine's load moves) and per second of CPU time
# (user + system: steadier under load). Builds nothing: run scripts/fuzz.sh or fuzz-long.sh first.
#
#   scripts/fuzz-speed.sh              # every target
#   FUZZ_TARGETS="har analyze" scripts/fuzz-speed.sh 5000
#   FUZZ_BIN_DIR=/tmp/old FUZZ_CORPUS=/tmp/old-corpus FUZZ_MAX_LEN=65536 scripts/fuzz-speed.sh
#                                      # another build (e.g. an older commit's), for before/after
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS="${1:-20000}"
case "$RUNS" in '' | *[!0-9]*) echo "usage: scripts/fuzz-speed.sh [RUNS]" >&2; exit 2 ;; esac
BIN_DIR_OVERRIDE="${FUZZ_BIN_DIR:-}"
. scripts/fuzz-common.sh
# The binary of target $1: the override's, or where fuzz_build puts it.
bin_of() { echo "${BIN_DIR_OVERRIDE:-$(bin_dir_of "$1")}/$1"; }
CORPUS="${FUZZ_CORPUS:-fuzz/corpus}"

echo "scripts/fuzz-speed.sh $RUNS  (${BIN_DIR_OVERRIDE:-$FUZZ_BIN_DIR, models in $MODEL_TARGET_DIR}, corpus $CORPUS) $(date -u '+%Y-%m-%d %H:%M UTC'), load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-13s %8s %9s %10s %8s  %s\n' target runs 'runs/s' 'runs/cpu-s' max_len note
for t in $TARGETS; do
  [ -x "$(bin_of "$t")" ] || { printf '%-13s (no binary %s)\n' "$t" "$(bin_of "$t")"; continue; }
  scratch="$(mktemp -d)"
  log="$(mktemp)"
  len="$(max_len "$t")"
  start=$(date +%s.%N)
  rc=0
  cpu="$( { /usr/bin/time -f '%U %S' bash -c "ulimit -s $STACK_KB; exec '$(bin_of "$t")' '$scratch' '$CORPUS/$t' -runs=$RUNS -seed=1 -max_len=$len -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix='$scratch/' >'$log' 2>&1"; } 2>&1 | tail -n1)" || rc=$?
  end=$(date +%s.%N)
  runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)"
  note=""
  # A crash ends the run early: the rate is over the runs made (the failure is fuzz-long's to report).
  grep -q 'Test unit written to' "$log" && note="stopped by a failing input"
  rm -rf "$scratch" "$log"
  awk -v t="$t" -v r="${runs:-0}" -v a="$start" -v b="$end" -v c="$cpu" -v l="$len" -v n="$note" 'BEGIN {
    split(c, x, " "); cs = x[1] + x[2]; w = b - a;
    printf "%-13s %8d %9.0f %10.0f %8d  %s\n", t, r, r / w, (cs > 0 ? r / cs : 0), l, n }'
done
