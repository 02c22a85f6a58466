#!/usr/bin/env bash
# `make bench-compare`: our CLI against the tools a user compares it with, measured in one process
# tree, alternating, on the same generated files, and printed as one table (also written to
# target/bench-compare/table.md):
#   - `ece-triage analyze --json mix.log` vs lnav indexing the same log file;
#   - `ece-triage analyze --json capture.har` vs node's `JSON.parse` of the same HAR (`node -e`);
#   - in headless Chromium: our analyze vs the browser's `JSON.parse` on the same HAR (three runs,
#     the first also on its own: a new worker's), and analyze of the log mix three times: the first
#     as a new worker's first analysis, the later ones once the engine has optimized the code
#     (tests/bench_web.rs through scripts/bench-web.sh); then in a second instance the HAR and the
#     log mix once each, after the warm-up the page's readied worker runs (BENCH_WEB_READIED).
# Medians and min–max of BENCH_RUNS alternating rounds, peak RSS (`/usr/bin/time -v`), and the
# load average around the runs (the machine is shared: compare the ratios of one run, not times
# across runs).
#
#   BENCH_RUNS=5      rounds (each round runs every native command once, in turn)
#   BENCH_MB=100      size of the generated inputs (src/synth.rs log_mix_mb / har_mb), in MiB
#   BENCH_PROFILE=release the cargo profile of our CLI: `release` (`cargo build --release`, what
#                     README tells users to run: opt-level 3, LTO) or `bench` (`--profile bench`,
#                     the same settings, what `cargo bench` builds)
#   BENCH_WEB=1       also run the browser ratio (0 skips it: it builds the release wasm tests)
#
# Why this lnav command: `lnav -n` is lnav's headless mode, and `-c ';SELECT count(*) FROM
# all_logs'` runs only once lnav has loaded and indexed every file (the count of all log messages
# needs every line indexed and classified); lnav prints the count, which the script checks, and
# exits. Without a command `lnav -n` prints the whole view to stdout, which times its renderer,
# not its indexing; `:write-to /dev/null` writes only marked lines and fails with none marked.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${BENCH_RUNS:-5}"
mb="${BENCH_MB:-100}"
profile="${BENCH_PROFILE:-release}"
dir=target/bench-compare
mkdir -p "$dir"

if ! command -v lnav >/dev/null; then
  echo "bench-compare: installing lnav from Debian (apt-get install -y lnav)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq lnav >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq lnav >/dev/null; }
fi
command -v node >/dev/null || { echo "bench-compare: node is needed (Debian nodejs)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench-compare: /usr/bin/time is needed (Debian time)" >&2; exit 1; }

# The inputs first (the generator is an example, built with the bench profile), then our CLI: both
# profiles write target/release/, so the CLI is copied out right after it is built.
log="$dir/mix-${mb}.log"
har="$dir/har-${mb}.har"
for kind in logs har; do
  f="$log"; [ "$kind" = har ] && f="$har"
  if [ ! -f "$f" ]; then
    echo "bench-compare: generating $mb MiB ($kind) into $f" >&2
    cargo run -q --profile bench --example synth -- "$kind" "$mb" "$f.tmp"
    mv "$f.tmp" "$f"
  fi
done
case "$profile" in
  bench) cargo build -q --profile bench --bin ece-triage ;;
  release) cargo build -q --release --bin ece-triage ;;
  *) echo "bench-compare: BENCH_PROFILE is bench or release" >&2; exit 2 ;;
esac
cp target/release/ece-triage "$dir/ece-triage"

web_file="$dir/web.txt"
rm -f "$web_file"
python3 - "$dir" "$log" "$har" "$runs" "$profile" "$web_file" "${BENCH_WEB:-1}" <<'PY'
import os, re, statistics, subprocess, sys, time, datetime, platform

d, log, har, runs, profile, web_file, web = sys.argv[1:8]
runs = int(runs)
ours = os.path.join(d, "ece-triage")
node_js = ("const fs=require('fs');const t=fs.readFileSync(process.argv[1],'utf8');"
           "const a=process.hrtime.bigint();const v=JSON.parse(t);const b=process.hrtime.bigint();"
           "console.log('parse_ms', Number(b-a)/1e6, v.log.entries.length)")
commands = {
    "lnav": ["lnav", "-n", "-c", ";SELECT count(*) FROM all_logs", log],
    "ours_logs": [ours, "analyze", "--json", log],
    "node": ["node", "-e", node_js, har],
    "ours_har": [ours, "analyze", "--json", har],
}
times = {k: [] for k in commands}
rss = {k: [] for k in commands}
node_parse = []
loads = []

def run(name):
    argv = ["/usr/bin/time", "-v"] + commands[name]
    t = time.monotonic()
    p = subprocess.run(argv, stdout=subprocess.PIPE if name in ("lnav", "node") else subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True)
    wall = time.monotonic() - t
    if p.returncode != 0:
        sys.exit(f"bench-compare: {' '.join(commands[name])} failed ({p.returncode}):\n{p.stderr[-2000:]}")
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr)
    rss[name].append(int(m.group(1)) / 1024 if m else float("nan"))
    times[name].append(wall)
    if name == "lnav":
        # The count of indexed messages: proof that lnav read the whole file.
        n = [int(x) for x in re.findall(r"^\s*(\d+)\s*$", p.stdout, re.M)]
        if not n or n[-1] == 0:
            sys.exit(f"bench-compare: lnav indexed nothing:\n{p.stdout}")
    if name == "node":
        m = re.search(r"parse_ms ([\d.]+)", p.stdout)
        node_parse.append(float(m.group(1)) / 1000)

# One warm-up round (page cache, lazy binding), not counted.
for name in commands:
    run(name)
for k in times:
    times[k].clear(); rss[k].clear()
node_parse.clear()
for r in range(runs):
    loads.append(os.getloadavg()[0])
    order = list(commands)
    if r % 2:
        order.reverse()  # alternate which command runs first in a round
    for name in order:
        run(name)
loads.append(os.getloadavg()[0])

web_rows = []
if web != "0":
    print("bench-compare: browser ratio (scripts/bench-web.sh: the worker's wasm-worker build in headless Chromium)", file=sys.stderr)
    loads_web = [os.getloadavg()[0]]
    p = subprocess.run(["scripts/bench-web.sh"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    loads_web.append(os.getloadavg()[0])
    open(web_file, "w").write(p.stdout)
    if p.returncode != 0:
        sys.exit(f"bench-compare: scripts/bench-web.sh failed:\n{p.stdout[-3000:]}")
    def nums(tag):
        m = re.search(r"BENCH " + tag + r" ([\d., ]+)", p.stdout)
        return [float(x) for x in m.group(1).split(",")] if m else []
    jp = [x / 1000 for x in nums("har_json_parse_ms")]
    an = [x / 1000 for x in nums("har_analyze_ms")]
    lg = [x / 1000 for x in nums("logs_analyze_ms")]
    wasm = nums("logs_wasm_mib")
    # Again, as a worker the page readied while the file was chosen: a new instance that ran the
    # worker's warm-up and idled 1.5 s (the picker open) before its one HAR analysis (with one
    # JSON.parse of it), then one log analysis.
    env = dict(os.environ, BENCH_WEB_READIED="1500", BENCH_WEB_LOG_RUNS="1")
    p = subprocess.run(["scripts/bench-web.sh"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    loads_web.append(os.getloadavg()[0])
    open(web_file, "a").write(p.stdout)
    if p.returncode != 0:
        sys.exit(f"bench-compare: scripts/bench-web.sh (BENCH_WEB_READIED) failed:\n{p.stdout[-3000:]}")
    ready = [x / 1000 for x in nums("logs_analyze_ms")]
    ready_har = ([x / 1000 for x in nums("har_json_parse_ms")], [x / 1000 for x in nums("har_analyze_ms")])
    web_rows = (jp, an, lg, wasm, loads_web, ready, ready_har)

def med(v): return statistics.median(v)
def rng(v): return f"{min(v):.2f}–{max(v):.2f}"
def size(f): return os.path.getsize(f) / 2**20

lines = []
now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
cpu = ""
try:
    cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
except Exception:
    pass
lines.append(f"bench-compare {now}, {os.cpu_count()} cores ({cpu}), our CLI built with --profile {profile}; "
             f"{runs} alternating rounds after one warm-up; 1-min load average {min(loads):.1f}–{max(loads):.1f} during the native runs")
lines.append("")
lines.append("| What | Input | Median s | Min–max s | Ratio (medians) | Peak RSS MiB | RSS / input |")
lines.append("|---|---|---|---|---|---|---|")
def row(name, label, f, ref=None, ref_label=""):
    ratio = f"**{med(times[name]) / med(times[ref]):.2f}×** {ref_label}" if ref else "1"
    r = med(rss[name])
    lines.append(f"| {label} | {size(f):.0f} MiB | {med(times[name]):.2f} | {rng(times[name])} | {ratio} | {r:.0f} | {r / size(f):.2f}× |")
row("lnav", "`lnav -n -c ';SELECT count(*) FROM all_logs'`", log)
row("ours_logs", "`ece-triage analyze --json` (to /dev/null)", log, "lnav", "of lnav")
row("node", "`node -e` read + `JSON.parse` (whole process)", har)
lines.append(f"| ↳ `JSON.parse` alone (node's own timing) | {size(har):.0f} MiB | {med(node_parse):.2f} | {rng(node_parse)} | | | |")
row("ours_har", "`ece-triage analyze --json` (to /dev/null)", har, "node", "of node")
lines.append(f"| ↳ ours vs `JSON.parse` alone | | | | **{med(times['ours_har']) / med(node_parse):.2f}×** | | |")
if web_rows:
    jp, an, lg, wasm, lw, ready, (ready_jp, ready_an) = web_rows
    if jp and an:
        lines.append(f"| Chromium: `JSON.parse` (tests/bench_web.rs) | {size(har):.0f} MiB | {med(jp):.2f} | {rng(jp)} | 1 | | |")
        lines.append(f"| Chromium: our analyze (the worker's wasm, as the page ships it) | {size(har):.0f} MiB | {med(an):.2f} | {rng(an)} | **{med(an) / med(jp):.2f}×** of `JSON.parse` | | |")
        # The first is the HAR-reading code's first run in the instance: a new worker's case.
        lines.append(f"| ↳ its first run in the instance (a new worker's case) | {size(har):.0f} MiB | {an[0]:.2f} | one run | {an[0] / med(jp):.2f}× of `JSON.parse` | | |")
    if ready_jp and ready_an:
        lines.append(f"| Chromium: our analyze of the HAR in a new instance readied as the page readies its worker (warm-up, 1.5 s idle) | {size(har):.0f} MiB | {ready_an[0]:.2f} | one run | {ready_an[0] / ready_jp[0]:.2f}× of that instance's `JSON.parse` ({ready_jp[0]:.2f} s) | | |")
    if lg:
        # The first run is a fresh worker's first analysis; later runs in the same instance run
        # code the engine has optimized meanwhile, which a new worker does not have yet.
        w = f"wasm {wasm[0]:.0f}" if wasm else ""
        rel = f"{wasm[0] / size(log):.2f}×" if wasm else ""
        lines.append(f"| Chromium: our analyze of the log mix, first run in the instance (a new worker's case) | {size(log):.0f} MiB | {lg[0]:.2f} | one run | {lg[0] / med(times['lnav']):.1f}× native lnav | {w} | {rel} |")
        if len(lg) > 1:
            later = lg[1:]
            lines.append(f"| ↳ later runs in the same wasm instance | {size(log):.0f} MiB | {med(later):.2f} | {rng(later)} | {med(later) / med(times['lnav']):.1f}× native lnav | | |")
    if ready:
        lines.append(f"| Chromium: the same, in a new instance readied as the page readies its worker while the picker is open (its warm-up, 1.5 s idle; after the HAR's readied run) | {size(log):.0f} MiB | {ready[0]:.2f} | one run | {ready[0] / med(times['lnav']):.1f}× native lnav | | |")
    lines.append("")
    lines.append(f"Browser: {len(jp)} HAR runs, {len(lg)} log runs (the first is the log-reading code's first run in the wasm instance, after the HAR steps); wasm memory once the first log analysis is made; then a second instance with the worker's warm-up first (`BENCH_WEB_READIED`, tests/bench_web.rs); load average {lw[0]:.1f} before, {lw[-1]:.1f} after.")
table = "\n".join(lines)
print(table)
open(os.path.join(d, "table.md"), "w").write(table + "\n")
PY
