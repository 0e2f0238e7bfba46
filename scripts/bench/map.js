#!/usr/bin/env node
// `npm run bench -- map [--tracks N] [--seconds S]`: the Overview's library map in Chromium on a
// generated library of N analysed tracks (default 100,000; scripts/bench/lib/analysed-library.js),
// served by the real `genrewise serve` and the built UI (`npm run build` first).
// Targets (issue 14): first draw ≤ 1 s after the data arrives; pan/zoom ≥ 50 frames/s.
// The frame rate is measured with requestAnimationFrame while every frame zooms (a wheel event)
// or pans (a pointer drag), each forcing a full redraw of every point.
/* global document, PointerEvent, WheelEvent, requestAnimationFrame -- page.evaluate runs in Chromium */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const dist = new URL('../../dist/node/', import.meta.url);
const { loadFeatureTable } = await import(new URL('core/model/dataset.js', dist).href);
const { generateAnalysedLibrary } = await import('./lib/analysed-library.js');

const { values: opts } = parseArgs({
  options: { tracks: { type: 'string', default: '100000' }, seconds: { type: 'string', default: '3' } },
});
const n = Number(opts.tracks);
const chromiumPath = process.env.GENREWISE_CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(join(repo, 'dist/renderer/index.html'))) throw new Error('the UI is not built: run `npm run build`');
if (!existsSync(chromiumPath)) throw new Error(`no Chromium at ${chromiumPath} (set GENREWISE_CHROMIUM)`);
const log = (s) => process.stdout.write(`${s}\n`);

const dataDir = process.env.GENREWISE_DATA ?? resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/data');
const gtzan = join(dataDir, 'gtzan/features_30_sec.csv');
const dir = mkdtempSync(join(tmpdir(), 'gw-bench-map-'));
let server;
let browser;
try {
  let t = performance.now();
  const { db } = await generateAnalysedLibrary(
    join(dir, 'library.db'),
    n,
    existsSync(gtzan) ? await loadFeatureTable(gtzan) : undefined,
  );
  db.close();
  log(`load average ${loadavg()[0].toFixed(2)} (2 cores shared)`);
  log(`generated ${n} analysed tracks in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  server = spawn(
    process.execPath,
    [join(repo, 'bin/genrewise.js'), 'serve', '--db', join(dir, 'library.db'), '--port', '0'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  server.stdout.on('data', (d) => (out += d));
  server.stderr.on('data', (d) => (out += d));
  const url = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`serve printed no URL:\n${out}`)), 30_000);
    const check = setInterval(() => {
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        clearInterval(check);
        ok(m[1]);
      }
    }, 50);
  });

  browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox'] });
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  t = performance.now();
  await page.goto(`${url}#/overview`);
  const canvas = page.locator('canvas[data-first-draw-ms]');
  await canvas.waitFor({ timeout: 300_000 });
  const shown = (performance.now() - t) / 1000;
  const firstDraw = Number(await canvas.getAttribute('data-first-draw-ms'));
  log(
    `map of ${await canvas.getAttribute('data-points')} points on screen ${shown.toFixed(1)} s after opening the Overview`,
  );
  log(`  (index build, PCA in a worker thread, ${n}-point JSON, then the draw; the first request builds the cache)`);
  log(`first draw after the data arrived: ${firstDraw.toFixed(0)} ms   target ≤ 1000 ms`);
  await canvas.scrollIntoViewIfNeeded();

  const seconds = Number(opts.seconds);
  const measure = (mode) =>
    page.evaluate(
      ({ mode, seconds }) =>
        new Promise((done) => {
          const el = document.querySelector('canvas[data-first-draw-ms]');
          const r = el.getBoundingClientRect();
          const cx = r.left + r.width / 2;
          const cy = r.top + r.height / 2;
          const frames = [];
          const draws = [];
          let i = 0;
          const opts = { bubbles: true, clientX: cx, clientY: cy, pointerId: 1, isPrimary: true, buttons: 1 };
          if (mode === 'pan') el.dispatchEvent(new PointerEvent('pointerdown', opts));
          const start = performance.now();
          const step = (now) => {
            frames.push(now);
            draws.push(Number(el.dataset.drawMs));
            i++;
            if (mode === 'zoom') {
              el.dispatchEvent(
                new WheelEvent('wheel', {
                  bubbles: true,
                  cancelable: true,
                  clientX: cx,
                  clientY: cy,
                  deltaY: i % 40 < 20 ? -30 : 30,
                }),
              );
            } else {
              const dx = 40 * Math.sin(i / 10);
              el.dispatchEvent(new PointerEvent('pointermove', { ...opts, clientX: cx + dx, clientY: cy + dx / 2 }));
            }
            if (now - start < seconds * 1000) requestAnimationFrame(step);
            else {
              if (mode === 'pan') el.dispatchEvent(new PointerEvent('pointerup', opts));
              const gaps = frames
                .slice(1)
                .map((f, k) => f - frames[k])
                .sort((a, b) => a - b);
              draws.sort((a, b) => a - b);
              done({
                fps: (frames.length - 1) / ((frames[frames.length - 1] - frames[0]) / 1000),
                p95: gaps[Math.floor(gaps.length * 0.95)],
                draw: draws[Math.floor(draws.length / 2)],
              });
            }
          };
          requestAnimationFrame(step);
        }),
      { mode, seconds },
    );
  for (const mode of ['zoom', 'pan']) {
    const r = await measure(mode);
    log(
      `${mode}: ${r.fps.toFixed(1)} frames/s (p95 frame ${r.p95.toFixed(1)} ms) over ${seconds} s   target ≥ 50; one redraw of every point: median ${r.draw.toFixed(1)} ms (20 ms = 50 frames/s)`,
    );
  }
  await page.screenshot({ path: join(tmpdir(), 'genrewise-map-bench.png') });
  log(`screenshot: ${join(tmpdir(), 'genrewise-map-bench.png')}`);
} finally {
  await browser?.close();
  server?.kill();
  rmSync(dir, { recursive: true, force: true });
}
