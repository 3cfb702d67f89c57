// Renders the app icons (frontend/public/icons/*.png) from the favicon's design with Chromium.
// Run once after changing the design: `node scripts/make-icons.mjs`; the PNGs are committed.
import { chromium } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const publicDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'frontend', 'public');
const favicon = readFileSync(join(publicDir, 'favicon.svg'), 'utf8');

/** The notes and pins of the favicon, without its rounded cork tile. */
const motif = favicon.replace(/^<svg[^>]*>\s*<rect[^>]*\/>/, '').replace(/<\/svg>\s*$/, '');
const cork = /<rect[^>]*fill="(#[0-9a-f]{6})"/i.exec(favicon)?.[1] ?? '#b7793f';

// A maskable icon is cropped to a circle or squircle of at least 80% of its width: the tile is
// full-bleed and the motif is shrunk around the centre so it stays inside that safe zone.
const maskable = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" fill="${cork}"/><g transform="translate(16 16) scale(0.8) translate(-16 -16)">${motif}</g></svg>`;

const icons = [
  { file: 'icon-192.png', size: 192, svg: favicon },
  { file: 'icon-512.png', size: 512, svg: favicon },
  { file: 'icon-maskable-512.png', size: 512, svg: maskable },
];

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  for (const { file, size, svg } of icons) {
    await page.setViewportSize({ width: size, height: size });
    const sized = svg.replace('<svg ', `<svg width="${size}" height="${size}" `);
    await page.setContent(`<!doctype html><style>html,body{margin:0;background:transparent}svg{display:block}</style>${sized}`);
    writeFileSync(join(publicDir, 'icons', file), await page.screenshot({ omitBackground: true, type: 'png' }));
    console.log(`icons/${file}: ${size}×${size}`);
  }
} finally {
  await browser.close();
}
