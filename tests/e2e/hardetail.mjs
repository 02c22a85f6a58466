// Page benchmark: a big HAR chosen with the file picker is analysed by the worker, then request
// details are opened one after another from the requests list: the first row, the last drawn, one
// in the middle and the second. Prints the time from each click to the detail naming the row's
// URL; the first is the capture's first detail (the one that read the whole capture again before
// the HAR reader recorded the entries' places).
//
// Usage: node hardetail.mjs <page url> <file.har>. Run by scripts/bench-page.sh with BENCH_KIND=har
// (`make bench-page`). Fails when a detail does not come within 30 s or shows another URL.
import { createRequire } from 'module';
const require = createRequire(process.env.PLAYWRIGHT_CORE || import.meta.url);
const { chromium } = require('playwright-core');

const [url, file] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
const page = await browser.newPage();
const errors = [];
page.on('pageerror', e => errors.push(String(e)));
await page.goto(url);
await page.waitForSelector('#file-picker', { state: 'attached' });
const t0 = Date.now();
await page.setInputFiles('#file-picker', file);
await page.waitForSelector('.via-worker', { timeout: 120000 });
await page.waitForSelector('table.requests tr.request button.req-open', { timeout: 120000 });
const reportMs = Date.now() - t0;
const times = [];
let fail = errors.length > 0;
for (const pick of ['first', 'last', 'middle', 'second']) {
  // Found and clicked in one step in the page, as tests/e2e/viewer.mjs does: the list draws only
  // the rows in view and redraws as details open, so a row found in one step may be gone by the next.
  const t = Date.now();
  const got = await page.evaluate(pick => {
    const rows = [...document.querySelectorAll('table.requests tr.request')];
    const at = { first: 0, last: rows.length - 1, middle: Math.floor(rows.length / 2), second: 1 }[pick];
    const b = rows[at] && rows[at].querySelector('button.req-open');
    if (!b) return null;
    b.click();
    return b.getAttribute('title');
  }, pick);
  if (!got) { console.log(`hardetail: FAIL no ${pick} row to open`); fail = true; continue; }
  try {
    await page.waitForFunction(
      u => (document.querySelector('#request-detail .url-line')?.textContent || '').includes(u),
      got, { timeout: 30000 });
    times.push(Date.now() - t);
  } catch (_) {
    console.log(`hardetail: FAIL the ${pick} row: no detail naming ${got.slice(0, 100)} within 30 s`);
    fail = true;
  }
}
await browser.close();
console.log(`hardetail: input ${file}; report (the requests list) ${reportMs} ms after the choice`);
console.log(`hardetail: request detail, click → shown: first ${times[0] ?? '-'} ms, then ${times.slice(1).join(', ')} ms`);
if (errors.length) console.log('hardetail: FAIL page errors:', errors.join(' | '));
process.exit(fail ? 1 : 0);
