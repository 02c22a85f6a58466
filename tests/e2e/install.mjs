// End-to-end: the built page under a sub-path is installable, and the installed app opens files.
//
// 1. The page links its manifest; Chromium parses it without errors and reports no installability
//    error (Page.getAppManifest, Page.getInstallabilityErrors).
// 2. The manifest itself: name, short_name, display, theme and background colours (the theme colour
//    is the page's own light theme-color), start_url and scope relative and resolving to the page's
//    folder, icons that exist with the declared sizes (PNG headers read), 192 and 512 px icons and
//    a maskable one, and file handlers for .har .log .txt .json .zip .gz.
// 3. Installed (CDP PWA.install, into a real browser profile), the OS registration Chromium made
//    lists those file handlers (PWA.getOsAppState).
// 4. Opening files with the installed app (PWA.launchFilesInApp, what the OS's "Open with" does):
//    the app window gets them through the Launch Queue, lists them as inputs, and shows the verdict
//    the CLI gives for the same files.
//
// Usage: node install.mjs <page url> <expected verdict sentence> <file>...
import { createRequire } from 'module';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join, basename } from 'path';
const require = createRequire(process.env.PLAYWRIGHT_CORE || import.meta.url);
const { chromium } = require('playwright-core');

const [pageUrl, verdict, ...files] = process.argv.slice(2);
if (!pageUrl || !verdict || !files.length) {
  console.error('usage: node install.mjs <page url> <expected verdict sentence> <file>...');
  process.exit(2);
}
const EXTENSIONS = ['.har', '.log', '.txt', '.json', '.zip', '.gz'];
const fails = [];
const check = (ok, what) => { if (!ok) fails.push(what); return ok; };
const profile = mkdtempSync(join(tmpdir(), 'ece-install-'));
// A persistent profile: web apps are not installed into an incognito-like context.
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--no-first-run'],
});
let summary = '';
try {
  const page = context.pages()[0] || await context.newPage();
  const errors = [];
  page.on('pageerror', e => errors.push(String(e)));
  await page.goto(pageUrl);
  await page.waitForSelector('#load-example');
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30000 });
  const cdp = await context.newCDPSession(page);

  // 1. Linked, parsed, installable.
  const manifestUrl = new URL('manifest.webmanifest', pageUrl).href;
  const linked = await page.evaluate(() => document.querySelector('link[rel=manifest]')?.href);
  check(linked === manifestUrl, `the page links its manifest: ${linked}`);
  const parsed = await cdp.send('Page.getAppManifest');
  check(parsed.url === manifestUrl, `Chromium's manifest: ${parsed.url}`);
  check(parsed.errors.length === 0, `manifest errors: ${JSON.stringify(parsed.errors)}`);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  check(installabilityErrors.length === 0, `installability errors: ${JSON.stringify(installabilityErrors)}`);

  // 2. The members.
  const m = JSON.parse(parsed.data || '{}');
  for (const key of ['name', 'short_name', 'start_url', 'scope', 'display', 'theme_color', 'background_color', 'icons', 'file_handlers']) {
    check(m[key] !== undefined && m[key] !== '', `manifest member '${key}' is missing`);
  }
  check(m.short_name && m.short_name.length <= 12, `short_name fits under an icon (≤ 12 characters): ${m.short_name}`);
  check(m.display === 'standalone', `display: ${m.display}`);
  for (const key of ['start_url', 'scope']) {
    check(!/^([a-z]+:|\/)/i.test(m[key] || '/') && new URL(m[key], manifestUrl).href === pageUrl, `${key} '${m[key]}' is relative and is the page's folder`);
  }
  const themeLight = await page.evaluate(() => document.querySelector('meta[name=theme-color][media*=light]')?.content);
  check(m.theme_color === themeLight, `theme_color ${m.theme_color} is the page's light theme-color ${themeLight}`);
  const icons = await page.evaluate(async (list) => Promise.all(list.map(async (icon) => {
    const r = await fetch(icon.src);
    const b = new Uint8Array(await r.arrayBuffer());
    const png = b.length > 24 && b[0] === 0x89 && b[1] === 0x50 && b[12] === 0x49 && b[13] === 0x48;
    const dv = new DataView(b.buffer);
    return { ...icon, status: r.status, type_seen: r.headers.get('content-type'), actual: png ? `${dv.getUint32(16)}x${dv.getUint32(20)}` : null };
  })), (m.icons || []).map(i => ({ ...i, src: new URL(i.src, manifestUrl).href })));
  for (const i of icons) {
    check(i.status === 200, `icon ${i.src}: HTTP ${i.status}`);
    if (i.type === 'image/png') check(i.actual === i.sizes, `icon ${i.src} declares ${i.sizes}, is ${i.actual}`);
  }
  const pngs = icons.filter(i => i.type === 'image/png' && i.actual === i.sizes);
  for (const size of ['192x192', '512x512']) check(pngs.some(i => i.sizes === size && (i.purpose || 'any').includes('any')), `a ${size} PNG icon`);
  check(pngs.some(i => (i.purpose || '').includes('maskable')), 'a maskable PNG icon');
  const declared = (m.file_handlers || []).flatMap(h => Object.values(h.accept || {}).flat());
  for (const ext of EXTENSIONS) check(declared.includes(ext), `a file handler accepts ${ext}`);
  for (const h of m.file_handlers || []) check(new URL(h.action, manifestUrl).href.startsWith(pageUrl), `file handler action ${h.action} is inside the page's folder`);

  // 3. Installed: what Chromium registered with the OS.
  const browserCdp = await context.browser().newBrowserCDPSession();
  const { appId: manifestId } = await cdp.send('Page.getAppId');
  await browserCdp.send('PWA.install', { manifestId, installUrlOrBundleUrl: pageUrl });
  const os = await browserCdp.send('PWA.getOsAppState', { manifestId });
  const registered = os.fileHandlers.flatMap(h => h.accepts.flatMap(a => a.fileExtensions));
  for (const ext of EXTENSIONS) check(registered.includes(ext), `installed: Chromium registered ${ext} for the app (it has ${registered.join(' ')})`);

  // 4. Files opened with the installed app.
  const before = new Set(context.pages());
  const { targetIds } = await browserCdp.send('PWA.launchFilesInApp', { manifestId, files });
  let app = null;
  for (let i = 0; i < 100 && !app; i++) {
    app = context.pages().find(p => !before.has(p)) || null;
    if (!app) await new Promise(r => setTimeout(r, 100));
  }
  if (check(app !== null, `no app window opened for the files (targets ${targetIds})`)) {
    app.on('pageerror', e => errors.push(String(e)));
    await app.waitForSelector('.input-list', { timeout: 20000 });
    const listed = await app.$$eval('.input-name', els => els.map(e => e.textContent));
    for (const f of files) check(listed.includes(basename(f)), `the app lists ${basename(f)} (it lists ${listed.join(', ')})`);
    const shown = await app.waitForFunction(v => document.querySelector('.verdict-sentence')?.textContent.includes(v), verdict, { timeout: 20000 }).then(() => true, () => false);
    check(shown, `the app shows the CLI's verdict "${verdict}": ${await app.textContent('.verdict-sentence').catch(() => 'none')}`);
    summary = `${files.length} files opened with the installed app in ${targetIds.length} window(s), listed and analysed to the CLI's verdict`;
  }
  check(errors.length === 0, `page errors: ${errors.join(' | ')}`);
  console.log(`install: installable (no manifest or installability errors); ${icons.length} icons with their declared sizes; ` +
    `file handlers ${EXTENSIONS.join(' ')} registered on install; ${summary}`);
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
if (fails.length) { console.log('FAIL: ' + fails.join(' | ')); process.exit(1); }
