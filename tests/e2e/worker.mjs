// End-to-end: a page opened from a share link with > 1 MB of logs is analysed in the web worker,
// with progress, and the main thread stays responsive: it fails when a task over 100 ms runs once
// the progress bar is shown (start-up, which opens the link, is reported but not limited).
// Usage: node worker.mjs <url>
import { createRequire } from 'module';
const require = createRequire(process.env.PLAYWRIGHT_CORE || import.meta.url);
const { chromium } = require('playwright-core');

const url = process.argv[2];
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = await browser.newPage();
const errors = [];
page.on('pageerror', e => errors.push(String(e)));
page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
await page.addInitScript(() => {
  window.__longTasks = [];
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  // When the progress bar first appears: page start-up (loading the wasm, opening the link) is over.
  new MutationObserver((_, obs) => {
    if (document.querySelector('.analyzing')) { window.__progressAt = performance.now(); obs.disconnect(); }
  }).observe(document, { childList: true, subtree: true });
});
const t0 = Date.now();
await page.goto(url);
let sawProgress = false;
try {
  await page.waitForSelector('.analyzing', { timeout: 10000 });
  sawProgress = true;
} catch (_) {}
await page.waitForSelector('.via-worker', { timeout: 60000 });
const elapsed = Date.now() - t0;
const text = await page.textContent('.via-worker');
const events = await page.textContent('#timeline-h');
await page.waitForTimeout(500); // the tasks right after the report appeared
const longTasks = await page.evaluate(() => window.__longTasks);
const progressAt = await page.evaluate(() => window.__progressAt ?? 0);
const longest = ts => ts.reduce((m, t) => Math.max(m, t.duration), 0);
const startup = longTasks.filter(t => t.start < progressAt);
const after = longTasks.filter(t => t.start >= progressAt);
const maxTask = longest(after);
console.log(`worker: ${text.trim()} ${events.trim()} in ${elapsed} ms; progress shown: ${sawProgress}; long tasks after start-up: ${after.length}, longest ${maxTask.toFixed(0)} ms (start-up: ${startup.length}, longest ${longest(startup).toFixed(0)} ms)`);
await browser.close();
if (errors.length) { console.log('page errors:', errors.join(' | ')); process.exit(1); }
if (!sawProgress) { console.log('FAIL: no progress bar was shown'); process.exit(1); }
if (maxTask > 100) { console.log(`FAIL: a task of ${maxTask.toFixed(0)} ms ran on the page's thread after start-up (limit 100 ms)`); process.exit(1); }
