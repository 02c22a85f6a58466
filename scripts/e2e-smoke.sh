#!/usr/bin/env bash
# End-to-end smoke test: serves dist/ under a sub-path on 127.0.0.1, loads it in headless Chromium
# and asserts that the app itself rendered (the example's responseType meaning is in the live DOM).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f dist/index.html ] || { echo "e2e: dist/ missing; run trunk build --release first" >&2; exit 1; }
. scripts/serve-lib.sh
serve_dist
url="$page_url#example"
chrome_flags=(--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking
  --disable-component-update --disable-sync --no-first-run --user-data-dir="$work/profile")
timeout 60 chromium "${chrome_flags[@]}" --enable-logging=stderr --v=0 --virtual-time-budget=10000 --dump-dom "$url" >"$work/dom.html" 2>"$work/chrome.log" || true
fail=0
passed=0
ok() { echo "e2e: ok   - $*"; passed=$((passed + 1)); }
# The built page carries a CSP whose only inline-script allowance is the loader's hash.
if python3 - dist/index.html <<'PY'
import base64, hashlib, re, sys
html = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', html)
assert m, "no CSP meta in dist/index.html"
csp = m.group(1)
assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp, csp
assert "default-src 'none'" in csp, csp
assert "connect-src 'self';" in csp, "the page may connect to its own origin only: " + csp
# Workers: the service worker and the analysis worker (from a blob: URL, so that it inherits this
# policy); the manifest from the page's own origin. Nothing wider.
assert "worker-src 'self' blob:;" in csp, "worker-src must be 'self' blob: and nothing more: " + csp
assert "manifest-src 'self';" in csp, "manifest-src must be 'self': " + csp
for d in csp.split(";"):
    assert not re.search(r"(^|\s)(\*|https?:|data:|blob:)", d) or d.strip().startswith(("img-src 'self' data:", "worker-src 'self' blob:")), "too wide: " + d
assert re.search(r'<script src="sw-register.js"', html), "the service worker is registered by an external script"
for body in re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, re.S):
    h = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
    assert f"'sha256-{h}'" in csp, "inline script not covered by the CSP hash"
PY
then ok "dist/index.html has a CSP allowing only the loader's hash inline, connect-src 'self', worker-src 'self' blob:, manifest-src 'self'"; else echo "e2e: FAIL - CSP check"; fail=1; fi
if grep -qi "Content Security Policy" "$work/chrome.log"; then
  echo "e2e: FAIL - the browser reported CSP violations:"; grep -i "Content Security Policy" "$work/chrome.log" | head -5; fail=1
else ok "no CSP violation reported while the app ran"; fi
check() {
  if grep -q -- "$1" "$work/dom.html"; then ok "$2"; else echo "e2e: FAIL - $2 (no '$1' in the rendered DOM)"; fail=1; fi
}
check 'id="load-example"' "the app mounted under /tools/ece/ (its input panel is in the DOM)"
check 'an agent is available' "the example's responseType 0 meaning is shown"
if grep -q 'class="boot"' "$work/dom.html"; then echo "e2e: FAIL - the loading placeholder is still there"; fail=1; fi
# A share link made by the CLI opens on the static host with the verdict the CLI gives its
# recipient: that of the sanitized inputs (`share --export json`), whose names are the files'
# names without their folders. It is also the raw report's verdict once names are so shortened.
cargo build -q --bin ece-triage
seed=(samples/seed/listener-ready.log samples/seed/ctisvr-ready.log samples/seed/opc-ready.log samples/seed/rttest-agent-status.txt samples/seed/initialize-response.json)
link="$(target/debug/ece-triage share --base "$page_url" "${seed[@]}" 2>/dev/null)"
sentence() { python3 -c 'import json, sys; print(json.load(sys.stdin)["verdict"]["sentence"])'; }
shared_verdict="$(target/debug/ece-triage share --export json "${seed[@]}" 2>/dev/null | sentence)"
raw_verdict="$(target/debug/ece-triage analyze --json "${seed[@]}" | sentence)"
timeout 60 chromium "${chrome_flags[@]}" --virtual-time-budget=10000 --dump-dom "$link" >"$work/share.html" 2>/dev/null || true
if [ -n "$shared_verdict" ] && [ "$shared_verdict" = "${raw_verdict//samples\/seed\//}" ] &&
  grep -qF "$shared_verdict" "$work/share.html" && grep -q 'clocks differ by +7200' "$work/share.html"; then
  ok "a CLI share link restores the verdict and findings of the CLI's sanitized report in the page: $shared_verdict"
else echo "e2e: FAIL - share link: expected verdict '$shared_verdict' (the raw one, names shortened: '${raw_verdict//samples\/seed\//}') and the +7200 s clock finding"; fail=1; fi
# Files the page reads keep their own names (a File has no folder): the CLI's verdict on the same
# files named so, for the installed app's check below.
verdict="$(cd samples/seed && ../../target/debug/ece-triage analyze "${seed[@]#samples/seed/}" | sed -n 's/^VERDICT: //p')"
# A link of two captures (share --before/--after) opens on the Compare tab with the CLI's comparison.
pair=tests/compare/worked-at-0900-not-at-1400
link="$(target/debug/ece-triage share --base "$page_url" --before "$pair"/before/* --after "$pair"/after/* 2>/dev/null)"
headline="$(target/debug/ece-triage compare --before "$pair"/before/* --after "$pair"/after/* | sed -n 2p)"
timeout 60 chromium "${chrome_flags[@]}" --virtual-time-budget=10000 --dump-dom "$link" >"$work/compare.html" 2>/dev/null || true
if grep -qF "$headline" "$work/compare.html" && grep -q 'aria-selected="true"[^>]*>Compare<' "$work/compare.html"; then
  echo "e2e: ok   - a CLI link of two sides opens on the Compare tab: $headline"
else echo "e2e: FAIL - compare link: expected the Compare tab and '$headline'"; fail=1; fi
# Over 1 MB of logs is analysed in the web worker (progress bar, then the report), driven by
# playwright-core in the system chromium, which waits for the report in real time.
big="$work/big.log"
for _ in $(seq 700); do cat samples/seed/listener-ready.log samples/seed/ctisvr-ready.log samples/seed/opc-ready.log; done >"$big"
# One customer datum, so that the sanitized inputs' report (the default export) is not the raw one.
echo "15:40:00:000 PG1A-opc Trace: note: chat from jane.doe@example.com" >>"$big"
link="$(target/debug/ece-triage share --base "$page_url" "$big" 2>/dev/null)"
if out="$(timeout 120 node tests/e2e/worker.mjs "$link" 2>&1)"; then
  ok "$(($(stat -c %s "$big") / 1024)) KiB of logs: ${out#worker: }"
else echo "e2e: FAIL - big input in the worker: $(echo "$out" | cut -c1-400)"; fail=1; fi
# Two sides over 1 MB (the big logs before, the 14:00 capture after) are compared by the worker.
link="$(target/debug/ece-triage share --base "$page_url" --before "$big" --after "$pair"/after/* 2>/dev/null)"
headline="$(target/debug/ece-triage compare --before "$big" --after "$pair"/after/* | sed -n 2p)"
if out="$(timeout 120 node tests/e2e/compare.mjs "$link" "$headline" 2>&1)"; then
  echo "e2e: ok   - ${out}"
else echo "e2e: FAIL - compare in the worker: $(echo "$out" | cut -c1-400)"; fail=1; fi
# The same logs opened with the file picker: the page keeps the File and never reads it; the worker
# reads it and answers for it: the evidence lines, the JSON reports (byte for byte the CLI's: the
# default export is `share --export json`'s, the sanitized inputs' report; the raw one is
# `analyze --json`'s), the sanitizing plan and a share link that opens with the same verdict. No
# task over 100 ms.
(cd "$work" && "$OLDPWD/target/debug/ece-triage" analyze --json big.log >cli.json 2>/dev/null) || true
(cd "$work" && "$OLDPWD/target/debug/ece-triage" share --export json big.log >cli-shared.json 2>/dev/null) || true
if cmp -s "$work/cli.json" "$work/cli-shared.json" || grep -q 'jane.doe' "$work/cli-shared.json"; then
  echo "e2e: FAIL - the sanitized report of the big logs should differ from the raw one and name no e-mail address"; fail=1
fi
if out="$(timeout 180 node tests/e2e/bigfile.mjs "$page_url" "$big" --max-task 100 --json-equals "$work/cli-shared.json" --raw-json-equals "$work/cli.json" --check-share 2>&1)"; then
  ok "the same logs as a file: $(echo "$out" | grep -E 'long tasks|ok:' | sed 's/^bigfile: //' | paste -sd';' | cut -c1-600)"
else echo "e2e: FAIL - the same logs as a file:"; echo "$out" | sed 's/^/    /' | head -20; fail=1; fi
# The picker opened and cancelled (the worker readied meanwhile must end), then the same file
# chosen with the picker open for 300 ms, as a user does: the page readies a
# warmed-up speed-tuned worker meanwhile, and that worker answers with the same report.
if out="$(timeout 180 node tests/e2e/bigfile.mjs "$page_url" "$big" --cancel-first --picker 300 --max-task 100 --json-equals "$work/cli-shared.json" 2>&1)"; then
  ok "the same logs chosen with the picker open: $(echo "$out" | grep -E 'after the file was chosen|worker ran|ok:' | sed 's/^bigfile: //' | paste -sd';' | cut -c1-400)"
else echo "e2e: FAIL - the same logs chosen with the picker open:"; echo "$out" | sed 's/^/    /' | head -20; fail=1; fi
# The same logs in a zip: the page reads it (it is small) but it expands past 1 MB, so the worker
# opens it; its member is an input of its own (big.zip/big.log) whose evidence lines, JSON report
# and share link the worker answers for, as for the file.
python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED).write(sys.argv[2], "big.log")' "$work/big.zip" "$big"
(cd "$work" && "$OLDPWD/target/debug/ece-triage" analyze --json big.zip >cli-zip.json 2>/dev/null) || true
(cd "$work" && "$OLDPWD/target/debug/ece-triage" share --export json big.zip >cli-zip-shared.json 2>/dev/null) || true
if out="$(timeout 180 node tests/e2e/bigfile.mjs "$page_url" "$work/big.zip" --max-task 100 --json-equals "$work/cli-zip-shared.json" --raw-json-equals "$work/cli-zip.json" --check-share 2>&1)"; then
  ok "the same logs zipped ($(($(stat -c %s "$work/big.zip") / 1024)) KiB): $(echo "$out" | grep -E 'evidence line|ok:' | sed 's/^bigfile: //' | cut -c1-80 | paste -sd';' | cut -c1-700)"
else echo "e2e: FAIL - the same logs zipped:"; echo "$out" | sed 's/^/    /' | head -20; fail=1; fi
# The page a DevTools user accepts (issue 13): the requests view, a request's detail, search, the
# ladder and tabs by keyboard, share links that fit a ticket, hashchange, a phone, and axe-core
# with no serious or critical violation: on captures of several exporters and one over 1 MB (worker).
cargo build -q --example synth && target/debug/examples/synth har 2 "$work/big.har"
if out="$(timeout 400 node tests/e2e/viewer.mjs "$page_url" "$work/big.har" samples/har/harviewer-www-cnn-com.har samples/har/harviewer-issue-61-firefox47.har samples/har/harviewer-issue-61-ie11.fiddler.har samples/har/harviewer-noPages.har samples/har/mswjs-response-error.har 2>&1)"; then
  ok "viewer: $(echo "$out" | grep -c '^ok:') checks: $(echo "$out" | grep -E 'axe \(|share link' | sed 's/^ok: //' | cut -c1-90 | paste -sd';' | cut -c1-700)"
else echo "e2e: FAIL - viewer:"; echo "$out" | grep -E 'FAIL|Error' | sed 's/^/    /' | head -20; fail=1; fi
# "Call the API" goes through the call.html frame, whose CSP allows only the server the user named.
start_stub_ecs
if out="$(timeout 120 node tests/e2e/api-csp.mjs "$page_url" "$stub_url" 2>&1)"; then
  ok "connect-src per document: ${out#api: }"
else echo "e2e: FAIL - API call through the caller frame: $(echo "$out" | cut -c1-400)"; fail=1; fi
# The analysis worker runs under the page's CSP: from it, nothing reaches another origin.
if out="$(timeout 120 node tests/e2e/worker-csp.mjs "$page_url" "$big" "$work/www/tools/ece" 2>&1)"; then
  ok "worker CSP: ${out#worker-csp: }"
else echo "e2e: FAIL - worker CSP: $(echo "$out" | cut -c1-600)"; fail=1; fi
# Installable: the manifest validates, and files opened with the installed app are analysed.
abs_seed=(); for f in "${seed[@]}"; do abs_seed+=("$PWD/$f"); done
if out="$(timeout 120 node tests/e2e/install.mjs "$page_url" "$verdict" "${abs_seed[@]}" 2>&1)"; then
  ok "${out#install: }"
else echo "e2e: FAIL - install: $(echo "$out" | cut -c1-600)"; fail=1; fi
# Offline, and an update (on a copy of its own: the test changes the served files).
served_work="$work"
serve_dist
if out="$(timeout 180 node tests/e2e/offline.mjs "$page_url" "$work/www/tools/ece" "$stub_url" "$big" 2>&1)"; then
  ok "${out}"
else echo "e2e: FAIL - offline: $(echo "$out" | cut -c1-600)"; fail=1; fi
work="$served_work"
if [ -n "${E2E_SCREENSHOT:-}" ]; then
  timeout 60 chromium "${chrome_flags[@]}" --virtual-time-budget=10000 --window-size=1280,${E2E_HEIGHT:-1000} --screenshot="$E2E_SCREENSHOT" "$url" >/dev/null 2>&1 || true
  echo "e2e: screenshot at $E2E_SCREENSHOT"
fi
if [ "$fail" -ne 0 ]; then
  echo "--- rendered DOM (first 2000 bytes) ---"; head -c 2000 "$work/dom.html"; echo
  echo "--- server log ---"; tail -20 "$work/server.log"
  exit 1
fi
echo "e2e: $passed passed, 0 failed"
