// End-to-end: the page a DevTools user accepts (issue 13), on the built page in headless Chromium.
// Usage: node viewer.mjs <page url> <big.har (over 1 MB)> <capture.har>... [--shots DIR]
//
// For the example and each capture: axe-core finds no serious or critical violation (with the
// requests view and a request's detail open); every HAR entry is a row of the requests view (the
// count from the file itself), a row opens its detail (headers, timing); the search box (`/`
// focuses it) filters the requests and the timeline and Enter steps through matches; the default
// share link of each capture is at most 8,000 characters and says what it left out; a link pasted
// into the open tab is followed (hashchange); the tabs follow the arrow keys; the ladder is a list
// of buttons with one tab stop; at 390 x 844 the verdict starts on the first screen and no table
// is wider than the page. The capture over 1 MB goes through the worker: the same list and detail.
import { createRequire } from 'module';
import { readFileSync } from 'fs';
const require = createRequire(process.env.PLAYWRIGHT_CORE || import.meta.url);
const { chromium } = require('playwright-core');
const axePath = (process.env.PLAYWRIGHT_CORE || '') + 'node_modules/axe-core/axe.min.js';

const args = process.argv.slice(2);
const shotsAt = args.indexOf('--shots');
const shots = shotsAt >= 0 ? args.splice(shotsAt, 2)[1] : null;
const [base, big, ...hars] = args;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const failures = [];
const fail = m => { failures.push(m); console.log('FAIL: ' + m); };
const ok = m => console.log('ok: ' + m);
const errors = [];

async function fresh(viewport = { width: 1400, height: 900 }) {
  // axe-core is injected as a script: the page's CSP (checked by the other e2e tests) would refuse it.
  const ctx = await browser.newContext({ viewport, bypassCSP: true });
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write']).catch(() => {});
  const page = await ctx.newPage();
  page.on('pageerror', e => errors.push(String(e)));
  return page;
}

async function axe(page, what) {
  await page.addScriptTag({ path: axePath });
  const r = await page.evaluate(async () => {
    const res = await window.axe.run(document, { resultTypes: ['violations'] });
    return res.violations.map(v => ({ id: v.id, impact: v.impact, n: v.nodes.length, target: v.nodes[0]?.target?.join(' ') }));
  });
  const bad = r.filter(v => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length) fail(`axe (${what}): ${bad.map(v => `${v.impact} ${v.id} x${v.n} at ${v.target}`).join('; ')}`);
  else ok(`axe (${what}): no serious or critical violation (${r.length} minor: ${r.map(v => v.id).join(', ') || 'none'})`);
}

const entriesOf = f => {
  const t = readFileSync(f, 'utf8').replace(/^\uFEFF/, '');
  try { return (JSON.parse(t).log.entries || []).filter(e => e && e.request && e.request.url).length; } catch (_) { return -1; }
};

// 1. The example: axe, tabs, ladder.
{
  const page = await fresh();
  await page.goto(base + '#example');
  await page.waitForSelector('.verdict');
  await axe(page, 'example');
  // Tabs: one tab stop, arrow keys move and select.
  await page.focus('#tab-analysis');
  await page.keyboard.press('ArrowRight');
  // The focus follows in a task after the key's (ui/dom.rs focus_id: a zero timeout, once the
  // selected tab is drawn): wait for it, up to 2 s, then look.
  await page.waitForFunction(() => document.activeElement?.id === 'tab-compare', null, { timeout: 2000 }).catch(() => {});
  const sel = await page.evaluate(() => [document.activeElement?.id, document.querySelector('[role=tab][aria-selected=true]')?.id]);
  if (sel[0] === 'tab-compare' && sel[1] === 'tab-compare') ok('tabs: ArrowRight moves the focus and the selection'); else fail(`tabs: after ArrowRight focus ${sel[0]}, selected ${sel[1]}`);
  await page.keyboard.press('Home');
  await page.waitForSelector('.verdict');
  // Ladder: a list of buttons, one of them in the tab order.
  const ladder = await page.evaluate(() => {
    const svg = document.querySelector('svg.ladder');
    return { role: svg?.getAttribute('role'), buttons: svg?.querySelectorAll('[role=button]').length, stops: svg?.querySelectorAll('[tabindex="0"]').length };
  });
  if (ladder.role === 'list' && ladder.buttons > 1 && ladder.stops === 1) ok(`ladder: a list of ${ladder.buttons} buttons, one tab stop`); else fail(`ladder: ${JSON.stringify(ladder)}`);
  await page.focus('svg.ladder [tabindex="0"]');
  await page.keyboard.press('ArrowDown');
  const idx = await page.evaluate(() => document.activeElement?.getAttribute('data-index'));
  if (idx === '1') ok('ladder: ArrowDown moves to the next arrow'); else fail(`ladder: ArrowDown focused ${idx}`);
  // Search: `/` focuses it; a term filters the timeline; Enter marks a match.
  await page.click('h1');
  await page.keyboard.press('/');
  const focused = await page.evaluate(() => document.activeElement?.id);
  if (focused === 'search') ok('search: / focuses the search box'); else fail(`search: / focused ${focused}`);
  const before = await page.textContent('#timeline-h');
  await page.keyboard.type('source:opc');
  await page.waitForFunction(() => /match/.test(document.querySelector('#timeline-h')?.textContent || ''));
  await page.keyboard.press('Enter');
  await page.waitForSelector('table.events tr.current');
  const after = await page.textContent('#timeline-h');
  const srcs = await page.$$eval('table.events tr.event td:nth-child(2)', tds => tds.map(t => t.textContent));
  if (srcs.length && srcs.every(s => s === 'opc')) ok(`search: ${before.trim()} -> ${after.trim()}; Enter marks the first match`); else fail(`search source:opc listed ${srcs.join(',')}`);
  // A link pasted into the open tab is followed.
  await page.evaluate(() => { location.hash = '#example=d-flag'; });
  await page.waitForFunction(() => /D flag|flag D/i.test(document.querySelector('.results')?.textContent || ''), null, { timeout: 10000 }).then(
    () => ok('hashchange: a new fragment in the open tab opens it'), () => fail('hashchange: the page did not follow #example=d-flag'));
  if (shots) {
    await page.screenshot({ path: `${shots}/example-1400.png`, fullPage: true });
  }
  await page.context().close();
}

// 2. Each capture on the page, and the big one through the worker.
for (const har of [...hars, big]) {
  const name = har.split('/').pop();
  const page = await fresh();
  await page.goto(base);
  await page.waitForSelector('#file-picker', { state: 'attached' });
  await page.setInputFiles('#file-picker', har);
  const viaWorker = har === big;
  if (viaWorker) await page.waitForSelector('.via-worker', { timeout: 120000 });
  await page.waitForSelector('#requests-h', { timeout: 60000 });
  const want = entriesOf(har);
  await page.waitForFunction(w => (document.querySelector('#requests-h')?.textContent || '').includes(`of ${w})`), want, { timeout: 20000 }).then(
    () => ok(`${name}: the requests view lists all ${want} entries${viaWorker ? ' (answered by the worker)' : ''}`),
    async () => fail(`${name}: requests heading ${await page.textContent('#requests-h')}, want ${want}`));
  await page.waitForSelector('table.requests tr.request button.req-open');
  await page.click('table.requests tr.request button.req-open');
  await page.waitForSelector('#request-detail .url-line', { timeout: 20000 }).then(
    async () => ok(`${name}: a row opens its detail: ${(await page.textContent('#request-detail .url-line')).slice(0, 80)}`),
    async () => fail(`${name}: no detail (${await page.textContent('#request-detail').catch(() => '')})`));
  const headers = await page.$$eval('#request-detail table.headers tr', r => r.length);
  if (headers > 0) ok(`${name}: the detail lists ${headers} header rows`); else fail(`${name}: the detail shows no headers`);
  // Rows opened after the first (the worker reads them from their entry's bytes alone): each
  // detail is its row's request.
  for (const pick of ['last', 'middle']) {
    // Found and clicked in one step in the page (the list draws only the rows in view and redraws
    // as details open: a row found in one step may be gone by the next), not at its place on the
    // screen (scrolling one row into view can put another under the pointer).
    const got = await page.evaluate(pick => {
      const rows = [...document.querySelectorAll('table.requests tr.request')];
      const r = pick === 'last' ? rows[rows.length - 1] : rows[Math.floor(rows.length / 2)];
      const b = r && r.querySelector('button.req-open');
      if (!b) return null;
      b.click();
      return { i: Number(r.getAttribute('data-index')), url: b.getAttribute('title') };
    }, pick);
    if (!got) { fail(`${name}: no ${pick} row to open`); continue; }
    await page.waitForFunction(({ i, url }) => {
      const d = document.querySelector('#request-detail');
      return !!d && d.textContent.includes(`Request ${i + 1} of`) && (d.querySelector('.url-line')?.textContent || '').includes(url);
    }, got, { timeout: 20000 }).then(
      () => ok(`${name}: entry ${got.i + 1} (the ${pick} row) opens its own detail`),
      async () => fail(`${name}: entry ${got.i + 1} (${got.url.slice(0, 80)}) opened ${(await page.textContent('#request-detail').catch(() => '')).slice(0, 120)}`));
  }
  // What the page scrolls to (here the requests list, as "Every request" does) stops below the
  // sticky search bar, not under it.
  const under = await page.evaluate(() => {
    document.getElementById('requests').scrollIntoView();
    const bar = document.querySelector('.search-bar').getBoundingClientRect();
    return [Math.round(document.getElementById('requests').getBoundingClientRect().top), Math.round(bar.bottom)];
  });
  if (under[0] >= under[1]) ok(`${name}: the requests list scrolled to stands below the search bar (${under[0]} >= ${under[1]} px)`);
  else fail(`${name}: the requests list scrolled to stands under the search bar (top ${under[0]} px, bar ends at ${under[1]})`);
  // Filters and sorting.
  await page.check('#failed-only');
  await page.waitForTimeout(300);
  const failed = await page.$$eval('table.requests tr.request', rs => rs.every(r => r.classList.contains('failed')));
  if (failed) ok(`${name}: "Failed only" keeps failed requests: ${await page.textContent('#requests-h')}`); else fail(`${name}: "Failed only" kept a request that did not fail`);
  await page.uncheck('#failed-only');
  await page.fill('#search', 'method:GET');
  await page.waitForFunction(() => /match/.test(document.querySelector('.requests-panel [role=status]')?.textContent || ''));
  const methods = await page.$$eval('table.requests tr.request td:nth-child(2)', t => t.map(x => x.textContent));
  if (methods.every(m => m === 'GET')) ok(`${name}: search method:GET filters the requests`); else fail(`${name}: method:GET kept ${[...new Set(methods)]}`);
  await page.fill('#search', '');
  if (!viaWorker) {
    await axe(page, `${name}, requests view and detail open`);
  }
  // The default share link fits a ticket.
  await page.click('#share-link');
  await page.waitForSelector('#share-url', { timeout: 120000 });
  const link = await page.inputValue('#share-url');
  const leftOut = await page.textContent('.share-result');
  if (link.length <= 8000) ok(`${name}: default share link ${link.length} characters${/Left out/.test(leftOut) ? ' (it says what it left out)' : ''}`);
  else fail(`${name}: default share link ${link.length} characters (> 8000)`);
  if (shots && name.includes('cnn')) {
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.click('table.requests tr.request:nth-child(3) button.req-open').catch(() => {});
    await page.waitForTimeout(300);
    await page.evaluate(() => { document.querySelector('.search-bar').style.position = 'static'; });
    await (await page.$('.requests-panel')).screenshot({ path: `${shots}/requests-1400.png` });
    await page.screenshot({ path: `${shots}/har-1400.png`, fullPage: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: `${shots}/har-dark.png`, fullPage: true });
    await page.emulateMedia({ colorScheme: 'light', media: 'print' });
    await page.screenshot({ path: `${shots}/har-print.png`, fullPage: true });
  }
  await page.context().close();
}

// 3. A phone: the verdict on the first screen, nothing wider than the page.
{
  const page = await fresh({ width: 390, height: 844 });
  await page.goto(base + '#example');
  await page.waitForSelector('.verdict');
  const top = await page.evaluate(() => document.querySelector('.verdict').getBoundingClientRect().top);
  if (top < 844) ok(`phone: the verdict starts at y = ${top.toFixed(0)}`); else fail(`phone: the verdict starts at y = ${top.toFixed(0)} (below the first screen)`);
  const wide = await page.evaluate(() => [...document.querySelectorAll('table, .finding, .panel')]
    // (what scrolls inside its panel, or inside a table that does, is reachable: not clipped)
    .filter(e => !e.closest('.requests-scroll, .timeline-scroll, .table-scroll, .ladder-scroll') && !e.parentElement.closest('table')
      && e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
    .map(e => e.className || e.tagName).slice(0, 5));
  if (!wide.length) ok('phone: no table, panel or finding runs past the page'); else fail(`phone: wider than the page: ${wide.join(', ')}`);
  if (shots) {
    await page.screenshot({ path: `${shots}/example-390.png`, fullPage: false });
    await page.setInputFiles('#file-picker', hars[0]).catch(() => {});
    await page.waitForSelector('#requests-h').catch(() => {});
    await page.screenshot({ path: `${shots}/har-390.png`, fullPage: true });
  }
  await page.context().close();
}

// 4. Paper (issue 13.7): every row of the virtual lists, the evidence lines' places, the glossary
// and the explanations open, no empty bullet; a HAR alone prints its timeline.
{
  const noPages = hars.find(h => h.endsWith('noPages.har'));
  const page = await fresh();
  await page.goto(base);
  await page.waitForSelector('#file-picker', { state: 'attached' });
  await page.setInputFiles('#file-picker', noPages);
  await page.waitForSelector('#requests-h', { timeout: 60000 });
  const want = entriesOf(noPages);
  const screen = await page.$$eval('table.requests tr.request', r => r.length);
  await page.emulateMedia({ media: 'print' });
  await page.waitForTimeout(400);
  const paper = await page.evaluate(() => [document.querySelectorAll('table.requests tr.request').length, document.querySelectorAll('table.events tr.event').length]);
  if (paper[0] === want && paper[1] === want && screen < want) ok(`print: ${want} requests and ${want} timeline rows of a HAR alone on paper (${screen} drawn on screen)`);
  else fail(`print: HAR alone printed ${paper[0]} requests and ${paper[1]} timeline rows of ${want} (screen ${screen})`);
  await page.context().close();
  const ex = await fresh();
  await ex.goto(base + '#example');
  await ex.waitForSelector('svg.ladder .arrow');
  await ex.emulateMedia({ media: 'print' });
  await ex.waitForTimeout(400);
  const p = await ex.evaluate(() => {
    const visible = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
    const lines = [...document.querySelectorAll('table.events tr.event td:last-child')].map(td => td.innerText.trim());
    return {
      lines: lines.length, placed: lines.filter(t => /:\d+$/.test(t)).length,
      glossary: document.querySelector('details.glossary')?.open,
      why: [...document.querySelectorAll('details.why-rule > :not(summary)')].filter(visible).length,
      whys: document.querySelectorAll('details.why-rule').length,
      empty: [...document.querySelectorAll('li')].filter(li => visible(li) && !li.innerText.trim()).length,
      days: [...document.querySelectorAll('svg.ladder .day-label')].map(t => t.textContent),
    };
  });
  if (p.lines > 0 && p.placed === p.lines) ok(`print: every timeline row shows its file:line (${p.lines})`); else fail(`print: ${p.placed} of ${p.lines} timeline rows show their file:line`);
  if (p.glossary) ok('print: the glossary is open'); else fail('print: the glossary is closed');
  if (p.whys && p.why >= p.whys) ok(`print: the ${p.whys} "why do we say this" explanations are open`); else fail(`print: ${p.why} of ${p.whys} explanations shown`);
  if (!p.empty) ok('print: no empty bullet'); else fail(`print: ${p.empty} empty bullets`);
  if (p.days.join() === '2019-07-20,2019-08-19') ok(`print: the ladder shows its days ${p.days.join(', ')}`); else fail(`print: ladder days ${p.days.join(', ')}`);
  if (shots) await ex.screenshot({ path: `${shots}/example-print.png`, fullPage: true });
  await ex.context().close();
  // On A4 paper's width the timeline's Line cells (input:line) break after a hyphen, not between
  // letters or before the colon, and the times between date, time and zone: each such cell on at
  // most three lines (letter by letter, `example: listener-login.log:1` took five), the table
  // within the page.
  const a4 = await fresh({ width: 794, height: 1123 });
  await a4.goto(base + '#example');
  await a4.waitForSelector('svg.ladder .arrow');
  await a4.emulateMedia({ media: 'print' });
  await a4.waitForTimeout(400);
  const q = await a4.evaluate(() => {
    const lines = el => {
      const r = document.createRange();
      r.selectNodeContents(el);
      // The line boxes of the text (not the button's own box around them).
      const rects = [...r.getClientRects()].filter(x => x.width > 0);
      const h = Math.min(...rects.map(x => x.height));
      return new Set(rects.filter(x => x.height < h * 1.5).map(x => Math.round(x.top))).size;
    };
    const rows = [...document.querySelectorAll('table.events tr.event')];
    const most = k => Math.max(...rows.map(tr => lines(tr.children[k])));
    const t = document.querySelector('table.events').getBoundingClientRect();
    return { rows: rows.length, line: most(4), time: most(0), inside: t.right <= document.documentElement.clientWidth + 1 };
  });
  if (q.rows && q.line <= 3 && q.time <= 3 && q.inside) ok(`print on A4's width: the timeline's Line cells on at most ${q.line} lines, times on ${q.time}, the table within the page (${q.rows} rows)`);
  else fail(`print on A4's width: Line cells on up to ${q.line} lines, times on ${q.time}, table within the page: ${q.inside}`);
  await a4.context().close();
}

// 5. The Decode tab on a phone: its tables scroll in their own box, nothing runs past the page.
{
  const page = await fresh({ width: 390, height: 844 });
  await page.goto(base);
  await page.click('#tab-decode');
  await page.click('#decoder-example');
  await page.waitForSelector('.decoder table.fields');
  const wide = await page.evaluate(() => [...document.querySelectorAll('.decoder section.message, .decoder table.fields')]
    .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).length);
  const scrolls = await page.$$eval('.decoder table.fields', ts => ts.filter(t => t.scrollWidth > t.clientWidth).length);
  if (!wide && scrolls) ok(`phone: the Decode tab's ${scrolls} wide field table(s) scroll in their own box`); else fail(`phone: Decode: ${wide} element(s) past the page, ${scrolls} scrolling`);
  await page.context().close();
}

// 6. Under the page's own CSP (the contexts above bypass it for axe-core): nothing the page
//    draws is refused, and the requests' waterfall and timing bars have their own widths (inline
//    style widths were dropped by style-src 'self' and every bar was drawn full width).
{
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await ctx.newPage();
  const refused = [];
  page.on('console', m => { if (/Content Security Policy/i.test(m.text())) refused.push(m.text().slice(0, 160)); });
  page.on('pageerror', e => errors.push(String(e)));
  await page.goto(base);
  await page.click('#load-example');
  await page.waitForSelector('svg.ladder', { timeout: 20000 });
  const har = hars.find(h => h.includes('cnn')) || hars[0];
  await page.setInputFiles('#file-picker', har);
  await page.waitForSelector('table.requests tr.request', { timeout: 60000 });
  await page.waitForSelector('table.requests tr.request td.waterfall svg rect', { timeout: 5000 }).catch(() => {});
  const widths = await page.$$eval('table.requests tr.request td.waterfall svg rect', rs => rs.map(r => r.getBoundingClientRect().width));
  const cell = await page.$eval('table.requests tr.request td.waterfall', td => td.getBoundingClientRect().width);
  const distinct = new Set(widths.map(w => Math.round(w))).size;
  if (widths.length && distinct > 1 && Math.min(...widths) < cell * 0.5) ok(`CSP: waterfall bars have ${distinct} different widths (narrowest ${Math.min(...widths).toFixed(1)} px of a ${cell.toFixed(0)} px cell)`);
  else fail(`CSP: waterfall bars ${widths.slice(0, 8).map(w => w.toFixed(0)).join(',')} px in a ${cell.toFixed(0)} px cell`);
  await page.click('table.requests tr.request button.req-open');
  await page.waitForSelector('#request-detail table.phases svg rect', { timeout: 20000 }).then(async () => {
    const phases = await page.$$eval('#request-detail table.phases td.phase-bar', tds => tds.map(td => td.querySelector('rect').getBoundingClientRect().width / td.getBoundingClientRect().width));
    if (phases.some(f => f < 0.9)) ok(`CSP: timing phases drawn at ${phases.map(f => Math.round(f * 100) + '%').join(', ')} of their cell`);
    else fail(`CSP: every timing phase bar is full width (${phases.length})`);
  }, () => fail('CSP: the request detail shows no timing bars'));
  // Every other tab, with what it shows first.
  await page.click('#tab-compare');
  await page.click('button.compare-example').catch(() => {});
  await page.waitForTimeout(500);
  await page.click('#tab-decode');
  await page.click('#decoder-example').catch(() => {});
  await page.waitForTimeout(300);
  await page.click('#tab-rules');
  await page.click('#tab-api');
  await page.waitForTimeout(300);
  await page.click('#tab-analysis');
  await page.emulateMedia({ media: 'print' });
  await page.waitForTimeout(300);
  if (refused.length) fail(`CSP: the page had ${refused.length} refusal(s): ${refused[0]}`); else ok('CSP: the example, a capture, a request detail, a compare example, the Decode example, the Rules and API tabs and print drew with no CSP refusal');
  await ctx.close();
}

await browser.close();
if (errors.length) fail('page errors: ' + errors.join(' | '));
process.exit(failures.length ? 1 : 0);
