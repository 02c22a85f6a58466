// End-to-end: "Call the API" on the built page (real CSP) goes through the hidden call.html frame,
// whose CSP allows only the server the user named; the page itself may connect only to 'self'.
// Usage: node api-csp.mjs <page url> <stub ECE server url, http://127.0.0.1:PORT>
import { createRequire } from 'module';
const require = createRequire(process.env.PLAYWRIGHT_CORE || import.meta.url);
const { chromium } = require('playwright-core');

const [pageUrl, stubUrl] = process.argv.slice(2);
const stubAlias = stubUrl.replace('127.0.0.1', 'localhost'); // same server, another origin
const pageOrigin = new URL(pageUrl).origin;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const fails = [];
const check = (ok, what) => { if (!ok) fails.push(what); };
try {
  const page = await browser.newPage();
  const requests = [];
  page.on('request', r => requests.push(r.url()));
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', e => window.__csp.push(`${e.effectiveDirective} ${e.blockedURI}`));
  });
  await page.goto(pageUrl);
  await page.click('#tab-api');
  const callAndRead = async (base) => {
    await page.fill('#probe-base', base);
    await page.fill('#probe-ep', '1001');
    await page.click('#probe-call');
    await page.waitForFunction(() => {
      const r = document.querySelector('.probe-result');
      return r && !document.querySelector('#probe-call[disabled]') && r.textContent;
    }, null, { timeout: 15000 });
    return (await page.textContent('.probe-result')).trim();
  };
  // 1. The named server is called and answers, through the frame.
  let t = await callAndRead(stubUrl);
  check(t.includes('HTTP 200') && t.includes('responseType'), `call to ${stubUrl} answered: ${t.slice(0, 200)}`);
  const callers = () => page.frames().filter(f => f.url().includes('/call.html#'));
  check(callers().length === 1 && callers()[0].url().endsWith('#' + encodeURIComponent(stubUrl)),
        `one caller frame for ${stubUrl}: ${callers().map(f => f.url())}`);
  // 2. The page itself may not connect to that server (connect-src 'self').
  const fromPage = await page.evaluate(u => fetch(u).then(() => 'fetched', () => 'blocked'), stubUrl + '/__control');
  check(fromPage === 'blocked', `the page's own fetch to the server was ${fromPage}`);
  check((await page.evaluate(() => window.__csp)).some(v => v.startsWith('connect-src ' + stubUrl)),
        'the page reported a connect-src violation for its own fetch');
  // 3. The frame may connect to the named server only.
  const frame = callers()[0];
  const fromFrame = await frame.evaluate(([a, b]) => Promise.all([a, b].map(u =>
    fetch(u).then(r => 'fetched ' + r.status, () => 'blocked'))), [stubUrl + '/__control', stubAlias + '/__control']);
  check(fromFrame[0] === 'fetched 200' && fromFrame[1] === 'blocked', `frame: named server ${fromFrame[0]}, another ${fromFrame[1]}`);
  // 4. Naming another server replaces the frame; the page keeps its state.
  t = await callAndRead(stubAlias);
  check(t.includes('HTTP 200'), `call to ${stubAlias} answered: ${t.slice(0, 200)}`);
  check(callers().length === 1 && callers()[0].url().endsWith('#' + encodeURIComponent(stubAlias)),
        `the frame now serves ${stubAlias}: ${callers().map(f => f.url())}`);
  // 5. Nothing else was requested: the page's own files, the two calls the user asked for (and the
  // test's own /__control fetches above).
  const other = requests.filter(u => !u.startsWith(pageOrigin + '/')
    && !u.endsWith('/system/egain/chat/entrypoint/initialize/1001') && !u.endsWith('/__control'));
  check(other.length === 0, `unexpected requests: ${other.join(' ')}`);
  const calls = requests.filter(u => u.endsWith('/initialize/1001'));
  console.log(`api: ${calls.length} calls via the caller frame, ${requests.length} requests in all; page fetch ${fromPage}; frame: ${fromFrame.join(', ')}`);
} finally {
  await browser.close();
}
if (fails.length) { console.log('FAIL: ' + fails.join(' | ')); process.exit(1); }
