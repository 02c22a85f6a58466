#!/usr/bin/env bash
# Minimises the committed corpus of each target (what `cargo fuzz cmin` does, libFuzzer -merge=1),
# from the committed corpus plus what the fuzzer found locally (fuzz/target/corpus/<target>/), and
# keeps it small enough to commit and to replay in `cargo test` (tests/fuzz_regressions.rs):
#
#   - the named seeds (real-shaped inputs: `fuzz/corpus/har/mswjs-response-json.har`, `seed-3` …) are
#     always kept, and counted first;
#   - the fuzzer's finds are added only where they reach an edge the corpus does not
#     (-use_counters=0: an edge counts once, not once per hit-count bucket; counting buckets kept
#     ~3,000 files, 12 MiB, for `har` after 5 minutes);
#   - then the finds are kept smallest first up to FUZZ_CORPUS_KIB (default 128 KiB per target);
#     the largest go (the merge adds files smallest first, so the largest are the ones that
#     added the least). What is dropped stays in fuzz/target/corpus/ for the next local run.
#
# Called by scripts/fuzz-long.sh after each target's run (FUZZ_MERGE=1, the default).
#
#   scripts/fuzz-cmin.sh                       # every target
#   FUZZ_TARGETS="har intake" FUZZ_CORPUS_KIB=512 scripts/fuzz-cmin.sh
#
# Builds nothing: needs the binaries scripts/fuzz.sh or fuzz-long.sh built.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/fuzz-common.sh

BUDGET_KIB="${FUZZ_CORPUS_KIB:-128}"
case "$BUDGET_KIB" in '' | *[!0-9]*) echo "FUZZ_CORPUS_KIB is a number" >&2; exit 2 ;; esac

is_find() { [[ "$(basename "$1")" =~ ^[0-9a-f]{40}$ ]]; }

rc=0
for t in $TARGETS; do
  [ -x "$(bin_dir_of "$t")/$t" ] || { say "$t: no binary in $(bin_dir_of "$t") (run scripts/fuzz.sh first)"; rc=1; continue; }
  committed="fuzz/corpus/$t"
  scratch="fuzz/target/corpus/$t"
  min="fuzz/target/cmin/$t"
  mkdir -p "$committed" "$scratch"
  rm -rf "$min" && mkdir -p "$min"
  seeds=0
  for f in "$committed"/*; do
    [ -f "$f" ] || continue
    is_find "$f" && continue
    cp "$f" "$min/"
    seeds=$((seeds + 1))
  done
  # The finds committed so far and the local ones, as candidates (the named seeds are in $min).
  cand="fuzz/target/cmin-candidates/$t"
  rm -rf "$cand" && mkdir -p "$cand"
  for f in "$committed"/*; do
    [ -f "$f" ] && is_find "$f" && cp "$f" "$cand/"
  done
  if ! (
    ulimit -s "$STACK_KB"
    "$(bin_dir_of "$t")/$t" -merge=1 -use_counters=0 -max_len="$(max_len "$t")" -timeout=10 \
      -rss_limit_mb=2048 "$min" "$cand" "$scratch"
  ) >"fuzz/target/$t.cmin.log" 2>&1; then
    say "$t: minimising failed (fuzz/target/$t.cmin.log); $committed left as it was"
    rc=1
    continue
  fi
  # The finds smallest first: kept while they fit the budget, the rest (the largest) dropped.
  found=0 dropped=0 kept_bytes=0
  while read -r size path; do
    found=$((found + 1))
    if [ $((kept_bytes + size)) -le $((BUDGET_KIB * 1024)) ]; then
      kept_bytes=$((kept_bytes + size))
    else
      rm -f "$path"
      dropped=$((dropped + 1))
    fi
  done < <(find "$min" -maxdepth 1 -type f -regextype posix-extended -regex '.*/[0-9a-f]{40}' -printf '%s %p\n' | sort -n)
  find "$committed" -maxdepth 1 -type f -delete
  mv "$min"/* "$committed/" 2>/dev/null || true
  rm -rf "$cand"
  files=$(find "$committed" -maxdepth 1 -type f | wc -l)
  total=$(($(find "$committed" -maxdepth 1 -type f -printf '%s\n' | awk '{s+=$1} END {print s+0}') / 1024))
  say "$t: $files files, $total KiB ($seeds named seeds, $((found - dropped)) finds; $dropped largest finds over the ${BUDGET_KIB} KiB budget left in $scratch)"
done
exit "$rc"
