#!/usr/bin/env bash
# The long fuzz run (`make fuzz-long`): every target until RUNS executions (default 1,000,000) or
# FUZZ_MAX_SECONDS per target (default 1800), whichever comes first, one target after another.
# Then, when nothing failed, the target's corpus is minimised into fuzz/corpus/<target>/
# (scripts/fuzz-cmin.sh: libFuzzer -merge=1, what `cargo fuzz cmin` runs, edges only, within a
# size budget): the committed corpus grows by what this run found and loses what adds no
# coverage. Commit it.
#
#   scripts/fuzz-long.sh                 # 1,000,000 runs per target (or 30 minutes)
#   scripts/fuzz-long.sh 200000          # fewer runs
#   FUZZ_TARGETS="har har_model" FUZZ_MAX_SECONDS=600 scripts/fuzz-long.sh
#   FUZZ_JOBS=2 scripts/fuzz-long.sh     # two processes per target (the machine's cores are shared:
#                                        # never more than you were given)
#   FUZZ_MERGE=0 scripts/fuzz-long.sh    # leave fuzz/corpus/ as it is
#   FUZZ_KEEP_GOING=1 scripts/fuzz-long.sh
#                                        # do not stop at the first failure (libFuzzer -fork with
#                                        # FUZZ_JOBS workers, -ignore_crashes): for hunting while a
#                                        # known failure is open; every failing input is kept in
#                                        # fuzz/artifacts/<target>/ and listed
#
# Prints, per target: runs, exec/s, coverage (libFuzzer's cov: edges and ft: features), corpus
# size, seconds and the result; exits non-zero when any target failed, with the commands that
# reproduce the failure. Settings shared with the smoke run: scripts/fuzz-common.sh.
# The table also goes to fuzz/target/fuzz-long-summary.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS="${1:-1000000}"
case "$RUNS" in '' | *[!0-9]*) echo "usage: scripts/fuzz-long.sh [RUNS]" >&2; exit 2 ;; esac
CAP="${FUZZ_MAX_SECONDS:-1800}"
JOBS="${FUZZ_JOBS:-1}"
MERGE="${FUZZ_MERGE:-1}"
KEEP_GOING="${FUZZ_KEEP_GOING:-0}"
case "$CAP$JOBS" in *[!0-9]*) echo "FUZZ_MAX_SECONDS and FUZZ_JOBS are numbers" >&2; exit 2 ;; esac
[ "$JOBS" -ge 1 ] || JOBS=1
. scripts/fuzz-common.sh

fuzz_build

summary="fuzz/target/fuzz-long-summary.txt"
host="$(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)"
{
  echo "scripts/fuzz-long.sh $RUNS  (FUZZ_MAX_SECONDS=$CAP FUZZ_JOBS=$JOBS FUZZ_SANITIZER=$SANITIZER FUZZ_KEEP_GOING=$KEEP_GOING)"
  echo "started $(date -u '+%Y-%m-%d %H:%M UTC') on $host, load $(cut -d' ' -f1-3 /proc/loadavg)"
  printf '%-13s %10s %8s %7s %8s %16s %7s  %s\n' target runs exec/s cov ft corpus seconds result
} >"$summary"
cat "$summary" >&2

failed=()
for t in $TARGETS; do
  scratch="fuzz/target/corpus/$t"
  artifacts="fuzz/artifacts/$t"
  mkdir -p "$scratch" "$artifacts" "fuzz/corpus/$t"
  len="$(max_len "$t")"
  say "$t: up to $RUNS runs or ${CAP}s, $JOBS process(es), max_len $len"
  if [ "$KEEP_GOING" = 1 ]; then
    # One libFuzzer in fork mode runs JOBS workers and carries on past crashes.
    procs=1 per=$RUNS
    mode=(-fork="$JOBS" -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
  else
    procs=$JOBS per=$(((RUNS + JOBS - 1) / JOBS))
    mode=()
  fi
  before="$(ls "$artifacts")"
  start=$(date +%s)
  pids=()
  for j in $(seq 1 "$procs"); do
    (
      ulimit -s "$STACK_KB"
      # shellcheck disable=SC2046
      exec "$(bin_dir_of "$t")/$t" "$scratch" $(seed_dirs "$t") \
        -runs="$per" -max_total_time="$CAP" -max_len="$len" -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$artifacts/" -print_final_stats=1 "${mode[@]}"
    ) >"fuzz/target/$t.long.$j.log" 2>&1 &
    pids+=($!)
  done
  rc=0
  for p in "${pids[@]}"; do wait "$p" || rc=$?; done
  secs=$(($(date +%s) - start))
  [ "$secs" -ge 1 ] || secs=1
  runs=0 cov=0 ft=0
  for j in $(seq 1 "$procs"); do
    log="fuzz/target/$t.long.$j.log"
    if [ "$KEEP_GOING" = 1 ]; then
      r="$(grep -oE '^#[0-9]+: cov' "$log" | tail -n1 | tr -dc 0-9)"
    else
      r="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)"
    fi
    runs=$((runs + ${r:-0}))
    # The last status line (`#123 NEW cov: 456 ft: 789 corp: ...`) holds the coverage reached.
    c="$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -n1 || true)"
    if [ -n "$c" ]; then
      set -- $c
      [ "$2" -gt "$cov" ] && cov=$2
      [ "$4" -gt "$ft" ] && ft=$4
    fi
  done
  new="$(comm -13 <(echo "$before") <(ls "$artifacts") | sed '/^$/d')"
  result=ok
  if [ "$rc" -ne 0 ] || [ -n "$new" ]; then
    result="FAILED"
    failed+=("$t")
    if [ "$KEEP_GOING" = 1 ]; then
      say "$t: $(echo "$new" | wc -l) failing input(s) in $artifacts/ (first ones below); log fuzz/target/$t.long.1.log"
      for crash in $(echo "$new" | head -n 5); do
        say "  $artifacts/$crash: $(ulimit -s "$STACK_KB"; "$(bin_dir_of "$t")/$t" "$artifacts/$crash" 2>&1 | grep -m1 -A1 'panicked at' | tail -n1)"
      done
      say_reproduce "$t" "$artifacts/$(echo "$new" | head -n1)"
    fi
    for j in $(seq 1 "$procs"); do
      [ "$KEEP_GOING" = 1 ] && break
      log="fuzz/target/$t.long.$j.log"
      crash="$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n1 || true)"
      if [ -z "$crash" ]; then
        grep -q 'Done [0-9]* runs' "$log" || { say "$t: no crashing input in $log; its end:"; tail -n 15 "$log" >&2; }
        continue
      fi
      say "$t FAILED: $(grep -m1 -E 'panicked at|ERROR: AddressSanitizer|ERROR: libFuzzer' "$log" || echo "see $log")"
      grep -A3 -m1 'panicked at' "$log" >&2 || true
      say "log: $log   crashing input: $crash"
      say_reproduce "$t" "$crash"
    done
  elif [ "$runs" -lt "$RUNS" ]; then
    result="ok, time cap ${CAP}s"
  fi
  if [ "$result" != FAILED ] && [ "$MERGE" = 1 ]; then
    # The committed corpus plus this run's finds, minimised and kept small (scripts/fuzz-cmin.sh).
    FUZZ_TARGETS="$t" scripts/fuzz-cmin.sh || true
  fi
  files=$(find "fuzz/corpus/$t" -maxdepth 1 -type f | wc -l)
  kib=$(($(find "fuzz/corpus/$t" -maxdepth 1 -type f -printf '%s\n' | awk '{s+=$1} END {print s+0}') / 1024))
  line="$(printf '%-13s %10s %8s %7s %8s %16s %7s  %s' "$t" "$runs" "$((runs / secs))" "$cov" "$ft" "$files files ${kib} KiB" "$secs" "$result")"
  echo "$line" >>"$summary"
  say "$line"
done

echo "finished $(date -u '+%Y-%m-%d %H:%M UTC'), load $(cut -d' ' -f1-3 /proc/loadavg)" >>"$summary"
echo >&2
cat "$summary" >&2
if [ "${#failed[@]}" -gt 0 ]; then
  say "FAILED targets: ${failed[*]} (the commands above reproduce each failure)"
  exit 1
fi
