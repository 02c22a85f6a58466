// End-to-end: a link of two captures whose sides hold over 1 MB opens on the Compare tab, and the
// background worker (which holds the inputs) compares them: both verdicts and what changed appear,
// and no task over 100 ms runs on the page's thread once the worker has started.
// Usage: node compare.mjs <url> <expected headline>
import { createRequire } from 'module';
const require = createRequire(process.env.PLAYWRIGHT_CORE || import.meta.url);
const { chromium } = require('playwright-core');

const [url, headline] = process.argv.slice(2);
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
  new MutationObserver((_, obs) => {
    if (document.querySelector('.compare-big')) { window.__bigAt = performance.now(); obs.disconnect(); }
  }).observe(document, { childList: true, subtree: true });
});
const t0 = Date.now();
await page.goto(url);
await page.waitForSelector('.compare-big', { timeout: 20000 });
await page.waitForSelector('.compare-verdicts', { timeout: 60000 });
const elapsed = Date.now() - t0;
const got = (await page.textContent('.compare-headline')).trim();
const diffs = (await page.textContent('#diffs-h')).trim();
await page.waitForTimeout(300);
const bigAt = await page.evaluate(() => window.__bigAt ?? 0);
const after = (await page.evaluate(() => window.__longTasks)).filter(t => t.start >= bigAt);
const maxTask = after.reduce((m, t) => Math.max(m, t.duration), 0);
console.log(`compare: "${got}" (${diffs}) from the worker in ${elapsed} ms; longest task after the worker started ${maxTask.toFixed(0)} ms`);
await browser.close();
if (errors.length) { console.log('page errors:', errors.join(' | ')); process.exit(1); }
if (got !== headline) { console.log(`FAIL: expected the headline "${headline}"`); process.exit(1); }
if (maxTask > 100) { console.log(`FAIL: a task of ${maxTask.toFixed(0)} ms ran on the page's thread (limit 100 ms)`); process.exit(1); }
