// End-to-end: the analysis worker runs under the page's Content-Security-Policy, so that it can
// reach nothing but the page's own origin while it holds every input over 1 MB (issue 17.8).
//
// A file over 1 MB chosen with the file picker starts the worker; then, inside that worker, fetch,
// XMLHttpRequest, WebSocket, EventSource and import() try to reach a "listening post" (an HTTP
// server of this test on another port, so another origin, which answers anything with CORS *).
// Every attempt must fail and the listening post must receive nothing; a fetch of the page's own
// index.html must still work. The control: a worker started from a same-origin URL, as the page did
// before (the file is written into the served folder for the test), reaches the listening post;
// so this test fails if the analysis worker ever runs without the policy again.
//
// Usage: node worker-csp.mjs <page url> <file over 1 MB> <served folder>
import { createRequire } from 'module';
import http from 'http';
import { writeFileSync, rmSync } from 'fs';
import { join } from 'path';
const require = createRequire(process.env.PLAYWRIGHT_CORE || import.meta.url);
const { chromium } = require('playwright-core');

const [pageUrl, bigFile, served] = process.argv.slice(2);
if (!pageUrl || !bigFile || !served) {
  console.error('usage: node worker-csp.mjs <page url> <file over 1 MB> <served folder>');
  process.exit(2);
}

// The listening post: counts every request and WebSocket handshake that reaches it.
const heard = [];
const post = http.createServer((req, res) => {
  heard.push(`${req.method} ${req.url}`);
  res.writeHead(200, { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'text/javascript' });
  res.end('export const x = 1;\n');
});
post.on('upgrade', (req, socket) => { heard.push(`UPGRADE ${req.url}`); socket.destroy(); });
await new Promise(r => post.listen(0, '127.0.0.1', r));
const far = `http://127.0.0.1:${post.address().port}`;

// Every way a worker script could send data out, each answering 'reached', 'blocked' or 'error: …'.
const tryAll = async (far) => {
  const within = (p, ms = 3000) => Promise.race([p, new Promise(r => setTimeout(() => r('timeout'), ms))]);
  const out = {};
  out.fetch = await within(fetch(far + '/fetch').then(r => 'reached ' + r.status, () => 'blocked'));
  out.xhr = await within(new Promise(resolve => {
    try {
      const x = new XMLHttpRequest();
      x.open('GET', far + '/xhr');
      x.onload = () => resolve('reached ' + x.status);
      x.onerror = () => resolve('blocked');
      x.send();
    } catch (e) { resolve('blocked'); }
  }));
  out.websocket = await within(new Promise(resolve => {
    try {
      const ws = new WebSocket(far.replace('http', 'ws') + '/ws');
      ws.onopen = () => resolve('reached');
      ws.onerror = () => resolve('blocked');
    } catch (e) { resolve('blocked'); }
  }));
  out.eventsource = await within(new Promise(resolve => {
    try {
      const es = new EventSource(far + '/sse');
      es.onopen = () => { es.close(); resolve('reached'); };
      es.onerror = () => { es.close(); resolve('blocked'); };
    } catch (e) { resolve('blocked'); }
  }));
  out.import = await within(import(far + '/module.js').then(() => 'reached', () => 'blocked'));
  return out;
};

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const fails = [];
const check = (ok, what) => { if (!ok) fails.push(what); };
const control = join(served, 'control-worker.js');
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', e => errors.push(String(e)));
  await page.goto(pageUrl);
  await page.waitForSelector('#load-example');
  const started = page.waitForEvent('worker', { timeout: 20000 });
  await page.setInputFiles('input[type=file]', bigFile);
  const worker = await started;
  await page.waitForSelector('.via-worker', { timeout: 60000 });
  check(worker.url().startsWith('blob:'), `the analysis worker was started from ${worker.url()}, not a blob: URL`);
  const results = await worker.evaluate(`(${tryAll})(${JSON.stringify(far)})`);
  for (const [how, result] of Object.entries(results)) check(result === 'blocked', `from the analysis worker, ${how}: ${result}`);
  const own = await worker.evaluate(`fetch(new URL('index.html', ${JSON.stringify(pageUrl)})).then(r => 'fetched ' + r.status, () => 'blocked')`);
  check(own === 'fetched 200', `the analysis worker's fetch of the page's own index.html: ${own}`);
  await new Promise(r => setTimeout(r, 500));
  check(heard.length === 0, `the listening post heard the analysis worker: ${heard.join(', ')}`);
  const fromAnalysis = heard.length;

  // The control: the same attempts from a worker started from its own URL (no policy reaches it).
  writeFileSync(control, `self.onmessage = async (e) => self.postMessage(await (${tryAll})(e.data));\n`);
  const controlResults = await page.evaluate(far => new Promise((resolve, reject) => {
    const w = new Worker('control-worker.js?' + Date.now());
    w.onmessage = e => resolve(e.data);
    w.onerror = e => reject(new Error(e.message));
    w.postMessage(far);
  }), far);
  await new Promise(r => setTimeout(r, 500));
  check(controlResults.fetch.startsWith('reached') && heard.length > fromAnalysis,
    `control: a worker from a same-origin URL should reach the listening post (fetch: ${controlResults.fetch}); else this test proves nothing`);
  check(errors.length === 0, `page errors: ${errors.join(' | ')}`);
  console.log(`worker-csp: analysis worker (${worker.url().slice(0, 5)}…): ${Object.entries(results).map(([k, v]) => `${k} ${v}`).join(', ')}; own origin ${own}; ` +
    `listening post heard ${fromAnalysis} from it; control worker from a URL: fetch ${controlResults.fetch}, heard ${heard.length - fromAnalysis}`);
} finally {
  rmSync(control, { force: true });
  await browser.close();
  post.close();
}
if (fails.length) { console.log('FAIL: ' + fails.join(' | ')); process.exit(1); }
