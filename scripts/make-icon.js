#!/usr/bin/env node
// Renders resources/icon.svg to resources/icon.png (1024×1024, the size electron-builder derives
// every platform's icon from) in Debian's Chromium, so the PNG is reproducible from the SVG.
//   node scripts/make-icon.js
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const svgPath = fileURLToPath(new URL('../resources/icon.svg', import.meta.url));
const pngPath = fileURLToPath(new URL('../resources/icon.png', import.meta.url));
const svg = readFileSync(svgPath, 'utf8');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium' });
try {
  const page = await browser.newPage({ viewport: { width: 1024, height: 1024 } });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.locator('svg').screenshot({ path: pngPath, omitBackground: true });
  console.log(`wrote ${pngPath}`);
} finally {
  await browser.close();
}
