// Page benchmark: a big log file chosen with the file picker is analysed while the page's thread
// stays responsive. Records every long task (> 50 ms, PerformanceObserver 'longtask') on the
// page's thread from the moment the file is chosen, the JS heap and wasm memory of the page and
// of the analysis worker, then opens the source lines of a timeline event (the evidence view).
//
// Usage: node bigfile.mjs <page url> <file> [--max-task MS] [--json-equals FILE]
//        [--raw-json-equals FILE] [--check-share] [--picker MS] [--cancel-first]
// Prints one line per figure ("bigfile: ..."); with --max-task it fails when a long task after
// the file was chosen is longer than MS. Run by scripts/bench-page.sh (`make bench-page`), and
// by scripts/e2e-smoke.sh on 1.5 MiB with the checks of what the worker answers for a file the
// page never read: --json-equals compares "Report (JSON)" (the default export: the sanitized
// inputs' report) with FILE (`ece-triage share --export json`), --raw-json-equals the same button
// with "Raw exports" ticked with FILE (`ece-triage analyze --json`),
// --check-share makes a share link, opens it, and expects the same verdict; it also lists what
// sanitizing removes. --picker MS opens the file picker (a click on "choose files") and chooses
// the file MS milliseconds later, as a user does, instead of setting the input's files at once:
// the page readies a warmed-up worker meanwhile (src/ui/effects.rs). Times count from the choice.
// --cancel-first opens and cancels the picker once before (the readied worker must end).
import { createRequire } from 'module';
import { readdirSync, readFileSync } from 'fs';
const require = createRequire(process.env.PLAYWRIGHT_CORE || import.meta.url);
const { chromium } = require('playwright-core');

const [url, file] = process.argv.slice(2);
const maxIdx = process.argv.indexOf('--max-task');
const maxTaskLimit = maxIdx > 0 ? Number(process.argv[maxIdx + 1]) : null;
const jsonIdx = process.argv.indexOf('--json-equals');
const jsonEquals = jsonIdx > 0 ? process.argv[jsonIdx + 1] : null;
const rawIdx = process.argv.indexOf('--raw-json-equals');
const rawJsonEquals = rawIdx > 0 ? process.argv[rawIdx + 1] : null;
const checkShare = process.argv.includes('--check-share');
const pickerIdx = process.argv.indexOf('--picker');
const pickerMs = pickerIdx > 0 ? Number(process.argv[pickerIdx + 1]) : null;
const cancelFirst = process.argv.includes('--cancel-first');
if (!url || !file) {
  console.error('usage: node bigfile.mjs <page url> <file> [--max-task MS]');
  process.exit(2);
}
const MiB = 1024 * 1024;

// The resident memory (VmRSS) and its peak (VmHWM) of the renderer process this run started that
// has the most: the page and its analysis worker share one. What the machine gave the page (JS
// heaps, wasm memories, the file's bytes in buffers, compiled code), which the wasm memory
// figures see only part of. Null without /proc.
function rendererMemory() {
  const kids = new Map();
  try {
    for (const d of readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (!kids.has(ppid)) kids.set(ppid, []);
        kids.get(ppid).push(Number(d));
      } catch (_) { /* ended meanwhile */ }
    }
  } catch (_) { return null; }
  const mine = [];
  const walk = pid => { for (const k of kids.get(pid) || []) { mine.push(k); walk(k); } };
  walk(process.pid);
  let best = null;
  for (const pid of mine) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) continue;
      const st = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = k => Number((st.match(new RegExp(`${k}:\\s+(\\d+) kB`)) || [0, 0])[1]) * 1024;
      const m = { rss: kb('VmRSS'), hwm: kb('VmHWM') };
      if (!best || m.hwm > best.hwm) best = m;
    } catch (_) { /* ended meanwhile */ }
  }
  return best;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-precise-memory-info'],
});
const page = await browser.newPage();
const errors = [];
page.on('pageerror', e => errors.push(String(e)));
page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); if (process.env.BENCH_CONSOLE) console.log('console:', m.text()); });
// The worker's wasm memory: worker-boot.js keeps the instance's memory on the worker's global.
const workers = [];
page.on('worker', w => workers.push(w));
let workerPeak = 0;
async function sampleWorkers() {
  for (const w of workers) {
    try {
      const b = await w.evaluate(() => (self.wasmMemory ? self.wasmMemory.buffer.byteLength : 0));
      workerPeak = Math.max(workerPeak, b);
    } catch (_) { /* terminated */ }
  }
}
await page.addInitScript(() => {
  window.__longTasks = [];
  window.__peak = { heap: 0, wasm: 0 };
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  addEventListener('TrunkApplicationStarted', e => { window.__wasm = e.detail.wasm; });
  const sample = () => {
    const p = window.__peak;
    if (performance.memory) p.heap = Math.max(p.heap, performance.memory.usedJSHeapSize);
    if (window.__wasm) p.wasm = Math.max(p.wasm, window.__wasm.memory.buffer.byteLength);
  };
  setInterval(sample, 100);
});

// Which wasm the analysis worker loads: the speed-tuned worker's for inputs of 16 MiB or more
// (src/worker.rs FAST_FROM), the page's own below.
let fastWorker = false;
page.on('request', (r) => { if (r.url().includes('ece-triage-worker_bg.wasm')) fastWorker = true; });
await page.goto(url);
await page.waitForSelector('input[type=file]', { state: 'attached', timeout: 30000 });
await page.waitForTimeout(500); // let start-up tasks finish; only what follows the choice counts
let chooser = null;
// --cancel-first: the picker opened and closed without a choice first; the worker the page readied
// meanwhile must end (its memory with it), and the next choice readies a new one.
const early = [];
if (cancelFirst) {
  // The chooser is intercepted (else headless Chromium closes it at once) and left unanswered.
  const [spare] = await Promise.all([page.waitForEvent('worker', { timeout: 10000 }), page.waitForEvent('filechooser'), page.click('label.file-label')]);
  const closed = new Promise(resolve => spare.once('close', () => resolve(true)));
  await page.dispatchEvent('#file-picker', 'cancel');
  const ended = await Promise.race([closed, new Promise(resolve => setTimeout(() => resolve(false), 5000))]);
  if (ended) console.log('bigfile: ok: the worker readied while the picker was open ended when the picker was cancelled');
  else early.push('the worker readied while the picker was open still runs 5 s after the picker was cancelled');
  workers.length = 0;
  await page.waitForTimeout(200);
}
if (pickerMs !== null) {
  [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('label.file-label')]);
  await page.waitForTimeout(pickerMs);
}
const rssBefore = (rendererMemory() || { rss: 0 }).rss;
const tChosen = await page.evaluate(() => performance.now());
// BENCH_PROFILE=file.cpuprofile: a CPU profile of the page's thread from the choice to the report.
// BENCH_TRACE=file.json: a Chrome trace (devtools.timeline) of the same span, for chrome://tracing.
if (process.env.BENCH_TRACE) {
  await browser.startTracing(page, { path: process.env.BENCH_TRACE, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink'] });
}
let cdp = null;
if (process.env.BENCH_PROFILE) {
  cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
}
const t0 = Date.now();
if (chooser) await chooser.setFiles(file);
else await page.setInputFiles('input[type=file]', file);
let sawProgress = false;
try {
  await page.waitForSelector('.analyzing', { timeout: 20000 });
  sawProgress = true;
} catch (_) {}
// Poll the worker's memory while it runs (it only grows: the last sample is the peak).
const poll = setInterval(sampleWorkers, 500);
await page.waitForSelector('.via-worker', { timeout: 600000 });
const elapsed = Date.now() - t0;
clearInterval(poll);
await sampleWorkers();
await page.waitForTimeout(1000); // the tasks right after the report appeared
const events = (await page.textContent('#timeline-h')).trim();
const analysed = (await page.textContent('.via-worker')).trim();
const tDone = await page.evaluate(() => performance.now());
const domNodes = await page.evaluate(() => document.getElementsByTagName('*').length);
if (process.env.BENCH_TRACE) await browser.stopTracing();
if (cdp) {
  const { profile } = await cdp.send('Profiler.stop');
  (await import('fs')).writeFileSync(process.env.BENCH_PROFILE, JSON.stringify(profile));
}

// The source lines of an event: the first timeline row's "input:line" link.
const tEvidence = await page.evaluate(() => performance.now());
const tClick = Date.now();
await page.click('table.events tr.event button.link');
let evidence = '';
let evidenceMs = null;
try {
  await page.waitForSelector('.evidence .source-line.hit', { timeout: 30000 });
  evidenceMs = Date.now() - tClick;
  evidence = (await page.textContent('.evidence .source-line.hit')).trim();
} catch (_) {}
await page.waitForTimeout(500);

const tChecks = await page.evaluate(() => performance.now());
const checks = [];
const failures = [...early];
// "Report (JSON)" as exported (raw: with "Raw exports" ticked) against a file the CLI wrote.
async function exportEquals(file, raw, what) {
  const fs = await import('fs');
  if ((await page.isChecked('#export-raw')) !== raw) await page.click('#export-raw');
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60000 }), page.click('#export-json')]);
  const got = fs.readFileSync(await download.path(), 'utf8');
  const want = fs.readFileSync(file, 'utf8').replace(/\n$/, '');
  if (!want) failures.push(`${what}: the CLI wrote nothing to compare with (${file})`);
  else if (got === want) checks.push(`${what} (${(got.length / MiB).toFixed(1)} MiB) equals the CLI's`);
  else {
    let at = 0;
    while (at < got.length && got[at] === want[at]) at++;
    failures.push(`${what} (${got.length} chars) differs from the CLI's (${want.length} chars) at ${at}: …${JSON.stringify(got.slice(Math.max(0, at - 40), at + 40))}… vs …${JSON.stringify(want.slice(Math.max(0, at - 40), at + 40))}…`);
  }
}
// Search steps go past the rows the page fetched: the worker says where the next match is.
async function stepsPastTheWindow() {
  await page.fill('#search', 'source:opc');
  await page.waitForFunction(() => /\(\d+ of \d+ events match\)/.test(document.querySelector('#timeline-h').textContent), null, { timeout: 30000 });
  const total = Number((await page.textContent('#timeline-h')).match(/\((\d+) of/)[1]);
  const status = () => page.textContent('.timeline p[role=status]');
  const want = Math.min(total, 80);
  if (!want) throw new Error(`the search found nothing: ${await page.textContent('#timeline-h')}`);
  const stepped = [];
  await page.focus('#search');
  // Tagged, to tell a list drawn again from the same list scrolled back (a failure's message).
  await page.evaluate(() => { document.querySelector('.timeline-scroll').__tagged = true; });
  for (let k = 1; k <= want; k++) {
    await page.keyboard.press('Enter');
    await page.waitForFunction(k => document.querySelector('.timeline p[role=status]').textContent.startsWith(`Match ${k} of`), k, { timeout: 10000 });
    stepped.push(`${k}: ${(await status()).slice(0, 24)}`);
  }
  // The marked row is drawn, in view, and is a match.
  const row = await page.waitForSelector('table.events tr.event.current', { timeout: 10000 }).catch(async (e) => {
    const st = await page.evaluate(() => {
      const sc = document.querySelector('.timeline-scroll');
      const rows = [...document.querySelectorAll('table.events tr.event')];
      return `same list element: ${!!(sc && sc.__tagged)}, search box "${document.querySelector('#search').value}", status "${document.querySelector('.timeline p[role=status]').textContent}", ${rows.length} rows drawn (first ${rows[0] && rows[0].getAttribute('data-index')}, last ${rows.length && rows[rows.length - 1].getAttribute('data-index')}), scrollTop ${sc && sc.scrollTop}, scrollHeight ${sc && sc.scrollHeight}`;
    });
    throw new Error(`no marked row drawn within 10 s: ${st}; steps ${JSON.stringify(stepped.slice(-3))} of ${want}`);
  });
  const src = (await row.$eval('td:nth-child(2)', td => td.textContent)).trim();
  const seen = await page.evaluate(() => {
    const r = document.querySelector('table.events tr.event.current').getBoundingClientRect();
    const v = document.querySelector('.timeline-scroll').getBoundingClientRect();
    return r.top >= v.top && r.bottom <= v.bottom ? true : `row ${r.top}-${r.bottom}, view ${v.top}-${v.bottom}, scrollTop ${document.querySelector('.timeline-scroll').scrollTop}`;
  });
  // Back from the first match goes around to the last.
  for (let k = want; k > 1; k--) await page.keyboard.press('Shift+Enter');
  await page.waitForFunction(() => document.querySelector('.timeline p[role=status]').textContent.startsWith('Match 1 of'), null, { timeout: 20000 });
  await page.keyboard.press('Shift+Enter');
  await page.waitForFunction(t => document.querySelector('.timeline p[role=status]').textContent.startsWith(`Match ${t} of`), total, { timeout: 10000 });
  const last = await page.waitForSelector('table.events tr.event.current', { timeout: 10000 }).catch(() => null);
  const said = await status();
  await page.fill('#search', '');
  if (src.toLowerCase().startsWith('opc') && seen === true && last) checks.push(`search: Enter stepped to match ${want} of ${total} (row ${want * 26} px down, past the first window), marked and in view; Shift+Enter from the first goes to the last`);
  else failures.push(`search steps: match ${want} source ${src}, in view ${seen}, last match drawn ${!!last}; ${said}`);
}
try { await stepsPastTheWindow(); } catch (e) { failures.push(`search steps: ${String(e).split('\n')[0]}`); }
if (jsonEquals) await exportEquals(jsonEquals, false, 'the JSON report of the sanitized inputs');
if (rawJsonEquals) await exportEquals(rawJsonEquals, true, 'the raw JSON report');
if (rawJsonEquals) await page.click('#export-raw');
if (checkShare) {
  await page.click('summary:has-text("What sanitizing removes")');
  try {
    const plan = await page.waitForSelector('text=/item\\(s\\) will be replaced by markers/', { timeout: 30000 });
    checks.push(`sanitizing plan: ${(await plan.textContent()).trim()}`);
  } catch (_) { failures.push('no sanitizing plan was shown'); }
  // The default link carries the evidence the report relies on (small: opened on the page);
  // "Include everything" carries the whole sanitized inputs (big: opened by the worker). Both
  // open with the same verdict.
  for (const everything of [false, true]) {
    try {
      if (everything) await page.check('#share-everything');
      await page.click('#share-link');
      const input = await page.waitForSelector('#share-url', { timeout: 60000 });
      const link = await input.inputValue();
      const verdict = (await page.textContent('.verdict')).trim();
      const other = await browser.newPage();
      await other.goto(link);
      await other.waitForSelector(everything ? '.via-worker' : '.verdict', { timeout: 60000 });
      const again = (await other.textContent('.verdict')).trim();
      await other.close();
      const what = everything ? 'with everything' : 'of the evidence';
      if (again === verdict) checks.push(`a share link ${what} (${(link.length / 1024).toFixed(0)} KiB) opens with the same verdict`);
      else failures.push(`the share link ${what} opened with verdict "${again}", expected "${verdict}"`);
    } catch (e) { failures.push(`share link${everything ? ' (everything)' : ''}: ${String(e).split('\n')[0]}`); }
  }
}

const longTasks = await page.evaluate(() => window.__longTasks);
const peak = await page.evaluate(() => window.__peak);
const after = longTasks.filter(t => t.start >= tChosen && t.start < tChecks);
const during = after.filter(t => t.start < tDone);
const longest = after.reduce((m, t) => Math.max(m, t.duration), 0);
const fmt = ts => ts.map(t => `${t.duration.toFixed(0)}@${((t.start - tChosen) / 1000).toFixed(1)}s`).join(' ');
const size = (await import('fs')).statSync(file).size;
console.log(`bigfile: input ${(size / MiB).toFixed(1)} MiB (${file})`);
console.log(`bigfile: ${analysed} ${events} in ${elapsed} ms after the file was chosen${pickerMs !== null ? ` (the picker open ${pickerMs} ms before)` : ""}; progress shown: ${sawProgress}`);
console.log(`bigfile: long tasks (> 50 ms) on the page's thread after the choice: ${after.length}, over 100 ms: ${after.filter(t => t.duration > 100).length}, longest ${longest.toFixed(0)} ms`);
console.log(`bigfile:   while analysing and rendering: ${fmt(during) || 'none'}; opening the evidence: ${fmt(after.filter(t => t.start >= tEvidence)) || 'none'}`);
if (jsonEquals || rawJsonEquals || checkShare) console.log(`bigfile:   during the export and share checks (not limited): ${fmt(longTasks.filter(t => t.start >= tChecks)) || 'none'}`);
console.log(`bigfile: elements in the page with the report: ${domNodes}`);
{
  const size = (await import('fs')).statSync(file).size;
  // The worker readied while the picker was open is the speed-tuned one, whatever the size; it
  // is the one that analyses the file (no second worker).
  const want = size >= 16 * MiB || pickerMs !== null;
  if (pickerMs !== null && workers.length !== 1) failures.push(`${workers.length} workers started for one file chosen with the picker open (expected the one readied meanwhile)`);
  console.log(`bigfile: the worker ran ${fastWorker ? 'the speed-tuned worker wasm' : "the page's own wasm"} (${(size / MiB).toFixed(1)} MiB)`);
  if (fastWorker !== want) failures.push(`the worker ran ${fastWorker ? 'the speed-tuned' : "the page's"} wasm for ${(size / MiB).toFixed(1)} MiB (expected ${want ? 'the speed-tuned' : "the page's"})`);
}
console.log(`bigfile: peak JS heap of the page ${(peak.heap / MiB).toFixed(0)} MiB, wasm memory of the page ${(peak.wasm / MiB).toFixed(0)} MiB, of the worker ${(workerPeak / MiB).toFixed(0)} MiB`);
{
  const now = rendererMemory();
  if (now) console.log(`bigfile: peak resident memory of the page's renderer process (page and worker) ${(now.hwm / MiB).toFixed(0)} MiB, ${(rssBefore / MiB).toFixed(0)} MiB before the file was chosen: +${((now.hwm - rssBefore) / MiB).toFixed(0)} MiB = ${((now.hwm - rssBefore) / size).toFixed(2)}x the input`);
  else console.log('bigfile: peak resident memory of the renderer: not found (no /proc, or another browser layout)');
}
console.log(`bigfile: evidence line: ${evidence ? evidence.slice(0, 100) : '(none shown)'}${evidenceMs !== null ? ` (shown ${evidenceMs} ms after the click)` : ''}`);
for (const c of checks) console.log(`bigfile: ok: ${c}`);
for (const f of failures) console.log(`bigfile: FAIL ${f}`);
await browser.close();
let fail = failures.length > 0;
if (errors.length) { console.log('bigfile: FAIL page errors:', errors.join(' | ')); fail = true; }
if (!sawProgress) { console.log('bigfile: FAIL no progress bar was shown'); fail = true; }
if (!evidence) { console.log('bigfile: FAIL the evidence view showed no source line'); fail = true; }
if (maxTaskLimit !== null && longest > maxTaskLimit) {
  console.log(`bigfile: FAIL a task took ${longest.toFixed(0)} ms (limit ${maxTaskLimit} ms)`); fail = true;
}
process.exit(fail ? 1 : 0);
