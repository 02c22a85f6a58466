// Renders icons/icon.svg into the PNG icons the web app manifest declares, with the system chromium
// (playwright-core, as the e2e tests use it). Run it after changing the SVG and commit the PNGs:
//   . scripts/tools.sh && node scripts/icons.mjs
// "any" icons keep the SVG's rounded corners (transparent outside); the maskable one is full-bleed
// (the launcher cuts its own shape; the art stays inside the central 80 % safe zone).
import { createRequire } from 'module';
import { readFileSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import { fileURLToPath } from 'url';
const require = createRequire(process.env.PLAYWRIGHT_CORE || import.meta.url);
const { chromium } = require('playwright-core');

const icons = join(dirname(fileURLToPath(import.meta.url)), '..', 'icons');
const svg = readFileSync(join(icons, 'icon.svg'), 'utf8');
const outputs = [
  { file: 'icon-192.png', size: 192, maskable: false },
  { file: 'icon-512.png', size: 512, maskable: false },
  { file: 'icon-maskable-512.png', size: 512, maskable: true },
];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  for (const o of outputs) {
    const page = await browser.newPage({ viewport: { width: o.size, height: o.size }, deviceScaleFactor: 1 });
    await page.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block;width:${o.size}px;height:${o.size}px}</style>${svg}`);
    if (o.maskable) await page.evaluate(() => document.getElementById('bg').setAttribute('rx', '0'));
    writeFileSync(join(icons, o.file), await page.screenshot({ omitBackground: true }));
    await page.close();
    console.log(`icons: ${o.file} ${o.size}x${o.size}${o.maskable ? ' (maskable)' : ''}`);
  }
} finally {
  await browser.close();
}
