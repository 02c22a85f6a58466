// End-to-end: the built page under a sub-path works offline, and picks up a new build.
//
// 0. A host that serves a file the build did not write (call.html altered after the build): the
//    service worker stores nothing, and the page says which file and that it does not work offline.
// 1. First visit: the service worker (sw.js) registers, stores the build and controls the page;
//    the page says "Works offline". Its cache holds exactly the build's files (every file of the
//    served folder but sw.js), nothing else.
// 2. An API call the user asks for (through call.html, to the stub ECE server) and a same-origin
//    request outside the build pass through the service worker untouched and are not cached; the
//    service worker itself requests nothing but the build's files.
// 3. Offline (context.setOffline(true)): reload, load the example, see the verdict; a file over
//    1 MB is analysed in the worker, whose scripts also come from the cache.
// 4. A new build (the served folder changed and scripts/post_build.py run over it, as the Trunk hook
//    does): back online, a reload still shows the stored build and an "update available" notice;
//    "Reload now" switches to the new build, and the old build's cache is gone.
//
// Usage: node offline.mjs <page url> <served folder> <stub ECE server url> <file over 1 MB>
import { createRequire } from 'module';
import { execFileSync } from 'child_process';
import { readdirSync, readFileSync, writeFileSync, statSync } from 'fs';
import { join, relative, dirname } from 'path';
import { fileURLToPath } from 'url';
const require = createRequire(process.env.PLAYWRIGHT_CORE || import.meta.url);
const { chromium } = require('playwright-core');

const [pageUrl, served, stubUrl, bigFile] = process.argv.slice(2);
if (!pageUrl || !served || !stubUrl || !bigFile) {
  console.error('usage: node offline.mjs <page url> <served folder> <stub ECE server url> <file over 1 MB>');
  process.exit(2);
}
const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const buildFiles = () => {
  const out = [];
  const walk = (d) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (relative(served, p) !== 'sw.js') out.push(new URL(relative(served, p), pageUrl).href);
    }
  };
  walk(served);
  return out.sort();
};
const VERDICT = 'an agent is available';

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const fails = [];
const check = (ok, what) => { if (!ok) fails.push(what); return ok; };
const figures = [];
try {
  // 0. An altered file: no offline copy, and the page says why.
  {
    const call = join(served, 'call.html');
    const original = readFileSync(call, 'utf8');
    writeFileSync(call, original.replace('</body>', '<!-- altered by a proxy --></body>'));
    try {
      const ctx = await browser.newContext();
      const p = await ctx.newPage();
      await p.goto(pageUrl);
      const said = await p.waitForSelector('#offline-status.warn', { timeout: 30000 }).then(e => e.textContent(), () => 'nothing');
      check(said.includes('Not available offline') && said.includes('call.html'), `an altered call.html: the page says "${said}"`);
      const stored = await p.evaluate(async () => (await caches.keys()).length);
      check(stored === 0, `an altered call.html: ${stored} cache(s) left behind`);
      check(await p.evaluate(() => navigator.serviceWorker.controller) === null, 'an altered call.html: a service worker took control anyway');
      figures.push(`an altered file: "${said.trim()}"`);
      await ctx.close();
    } finally {
      writeFileSync(call, original);
    }
  }
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', e => errors.push(String(e)));
  // Every request the service worker itself makes (its install), and every response the page gets.
  const fromWorker = [];
  context.on('request', r => { if (r.serviceWorker()) fromWorker.push(r.url()); });
  const caches = () => page.evaluate(async () => {
    const out = {};
    for (const name of await caches.keys()) out[name] = (await (await caches.open(name)).keys()).map(r => r.url).sort();
    return out;
  });

  // 1. First visit.
  let t0 = Date.now();
  await page.goto(pageUrl);
  await page.waitForSelector('#load-example');
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30000 });
  figures.push(`controlled ${Date.now() - t0} ms after the first visit`);
  await page.waitForSelector('#offline-status.ok', { timeout: 10000 });
  const status = (await page.textContent('#offline-status')).trim();
  check(status.includes('Works offline'), `offline status: ${status}`);
  const first = await caches();
  const names = Object.keys(first);
  const expected = buildFiles();
  check(names.length === 1 && names[0].startsWith(`ece-triage ${pageUrl} `), `one cache for this page's scope: ${names.join(', ')}`);
  const stored = first[names[0]] || [];
  check(JSON.stringify(stored) === JSON.stringify(expected),
    `the cache holds exactly the build's files: extra ${stored.filter(u => !expected.includes(u))}, missing ${expected.filter(u => !stored.includes(u))}`);
  figures.push(`${stored.length} files stored`);

  // 2. What is not the build's passes through and is not cached.
  const responses = [];
  page.on('response', r => responses.push(r));
  await page.click('#tab-api');
  await page.fill('#probe-base', stubUrl);
  await page.fill('#probe-ep', '1001');
  await page.click('#probe-call');
  await page.waitForFunction(() => {
    const r = document.querySelector('.probe-result');
    return r && !document.querySelector('#probe-call[disabled]') && r.textContent.includes('HTTP 200');
  }, null, { timeout: 15000 });
  const sameOrigin = await page.evaluate(() => fetch('system/egain/chat/entrypoint/initialize/1001').then(r => r.status, () => 'failed'));
  await page.click('#tab-analysis');
  const passed = responses.filter(r => /initialize\/1001$/.test(r.url()));
  check(passed.length >= 2 && passed.every(r => !r.fromServiceWorker()),
    `API answers come from the network, never the service worker: ${passed.map(r => `${r.url()} ${r.status()} sw=${r.fromServiceWorker()}`).join(', ')}`);
  check(sameOrigin === 404, `a same-origin request outside the build reaches the server (404 from http.server): ${sameOrigin}`);
  const after = await caches();
  check(JSON.stringify(after) === JSON.stringify(first), `nothing was added to the cache: ${JSON.stringify(after).slice(0, 300)}`);
  // Its own files, and sw.js itself (the browser's update check, made on its behalf).
  const notOwn = fromWorker.filter(u => !expected.includes(u) && u !== new URL('sw.js', pageUrl).href);
  check(notOwn.length === 0, `the service worker requested something not of its build: ${notOwn.join(', ')}`);

  // 3. Offline.
  await context.setOffline(true);
  const offlineResponses = [];
  page.on('response', r => offlineResponses.push(r));
  t0 = Date.now();
  await page.reload();
  await page.waitForSelector('#load-example', { timeout: 20000 });
  await page.click('#load-example');
  await page.waitForFunction(v => document.body.textContent.includes(v), VERDICT, { timeout: 20000 });
  figures.push(`offline: reload to the example's verdict in ${Date.now() - t0} ms`);
  const notCached = offlineResponses.filter(r => !r.fromServiceWorker()).map(r => `${r.url()} ${r.status()}`);
  check(notCached.length === 0, `offline, every file came from the service worker: ${notCached.join(', ')}`);
  await page.setInputFiles('input[type=file]', bigFile);
  await page.waitForSelector('.via-worker', { timeout: 60000 });
  figures.push(`offline: ${(statSync(bigFile).size / 1048576).toFixed(1)} MiB analysed in the worker`);
  await context.setOffline(false);

  // 4. A new build.
  const index = join(served, 'index.html');
  writeFileSync(index, readFileSync(index, 'utf8').replace('<meta name="referrer"', '<meta name="ece-test-build" content="2" />\n    <meta name="referrer"'));
  const hook = execFileSync('python3', [join(repo, 'scripts', 'post_build.py'), served], { encoding: 'utf8' });
  const version = (hook.match(/build ([0-9a-f]{16})/) || [])[1];
  check(Boolean(version), `post_build.py over the changed folder: ${hook}`);
  await page.reload();
  await page.waitForSelector('#load-example');
  check(await page.$('meta[name=ece-test-build]') === null, 'after the new build, a reload still shows the stored build');
  t0 = Date.now();
  if (check(await page.waitForSelector('.update-notice', { timeout: 30000 }).then(() => true, () => false), 'no "update available" notice after the new build')) {
    figures.push(`update notice ${Date.now() - t0} ms after the reload`);
    const notice = (await page.textContent('.update-notice')).trim();
    check(notice.includes('new version'), `update notice: ${notice}`);
    await Promise.all([page.waitForEvent('load', { timeout: 20000 }), page.click('#update-reload')]);
    await page.waitForSelector('#load-example');
    check(await page.$('meta[name=ece-test-build]') !== null, '"Reload now" opened the new build');
    check(await page.$('.update-notice') === null, 'no update notice on the new build');
    const now = await caches();
    check(Object.keys(now).length === 1 && Object.keys(now)[0].endsWith(' ' + version),
      `only the new build's cache is left: ${Object.keys(now).join(', ')} (expected build ${version})`);
  }
  check(errors.length === 0, `page errors: ${errors.join(' | ')}`);
  console.log(`offline: ${figures.join('; ')}; API answers and other requests passed through uncached`);
} finally {
  await browser.close();
}
if (fails.length) { console.log('FAIL: ' + fails.join(' | ')); process.exit(1); }
