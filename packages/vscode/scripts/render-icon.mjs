#!/usr/bin/env node
// Renders images/icon.svg to images/icon.png (128x128, transparent corners) with the Chromium that the end-to-end
// tests use. The PNG is committed: the Marketplace and Open VSX take only PNG icons, and a build must not need a
// browser. Run it after editing the SVG: node scripts/render-icon.mjs
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const executablePath = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
const svg = readFileSync(join(pkgDir, 'images', 'icon.svg'), 'utf8');
const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 128, height: 128 }, deviceScaleFactor: 1 });
  await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.locator('svg').screenshot({ path: join(pkgDir, 'images', 'icon.png'), omitBackground: true });
  console.log('render-icon: wrote images/icon.png');
} finally {
  await browser.close();
}
