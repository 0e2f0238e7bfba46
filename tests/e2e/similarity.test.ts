import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LibraryMap, SimilarTracksResult } from '../../shared/api/similarity';
import { assertBuilt, callApi, hasChromium, screenshot, serveAnalysedFixtures, type ServedFixtures } from './harness';

/**
 * The map and "More like this" in a real browser against `genrewise serve` on the analysed
 * fixture library (real audio, scanned and analysed by the CLI): the map draws every analysed
 * track, hovering names one, a click opens it in the library where its neighbours are listed as
 * the API ranks them, and a box selection decides tracks in one go.
 */

/** Moves the mouse over the canvas until the tooltip names a point; returns where. */
async function hoverAPoint(page: Page): Promise<[number, number]> {
  const b = await page.locator('canvas[data-first-draw-ms]').boundingBox();
  if (!b) throw new Error('the map is not on screen');
  for (let fy = 0.04; fy < 1; fy += 0.03) {
    for (let fx = 0.02; fx < 1; fx += 0.015) {
      const at: [number, number] = [b.x + b.width * fx, b.y + b.height * fy];
      await page.mouse.move(...at);
      if ((await page.locator('[role="tooltip"]').count()) > 0) return at;
    }
  }
  throw new Error('no point found under the mouse anywhere on the map');
}

describe.skipIf(!hasChromium())('the library map and "More like this" in a browser', () => {
  let fixtures: ServedFixtures;
  let page: Page;

  beforeAll(async () => {
    assertBuilt();
    fixtures = await serveAnalysedFixtures('genrewise-similar-', { width: 1280, height: 900 });
    page = fixtures.page;
  }, 180_000);

  afterAll(async () => {
    await fixtures?.close();
  });

  it('draws every analysed track, names the one under the mouse and opens it with its neighbours', async () => {
    await page.getByRole('link', { name: 'Overview' }).click();
    const canvas = page.locator('canvas[data-first-draw-ms]');
    await canvas.waitFor({ timeout: 60_000 });
    const map = await callApi<LibraryMap>(page, 'library.map', {});
    expect(map.ids.length).toBeGreaterThan(2);
    expect(await canvas.getAttribute('data-points')).toBe(String(map.ids.length));
    await canvas.scrollIntoViewIfNeeded();

    const at = await hoverAPoint(page);
    const tooltip = page.locator('[role="tooltip"] strong');
    await expect.poll(() => tooltip.innerText(), { timeout: 10_000 }).not.toMatch(/^Track \d+$/);
    const name = await tooltip.innerText();
    const seedId = Number(await page.locator('[role="tooltip"]').getAttribute('data-track-id'));
    await screenshot(page, 'library-map');

    await page.mouse.click(...at);
    await page.waitForURL(/#\/library/);
    const panel = page.locator('aside[aria-label="Track details"]');
    await expect.poll(() => panel.locator('h2').innerText(), { timeout: 10_000 }).toBe(name);
    const rows = panel.locator('section[aria-label="More like this"] li');
    await rows.first().waitFor();
    const shownIds = await rows.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-track-id'))));
    const ranked = await callApi<SimilarTracksResult>(page, 'similar.tracks', { id: seedId, n: 10 });
    expect(shownIds).toEqual(ranked.tracks.map((t) => t.id));
    expect(shownIds).not.toContain(seedId);
    expect(shownIds.length).toBe(Math.min(10, map.ids.length - 1));
    await screenshot(page, 'more-like-this');
  });

  it('selects a box of tracks with shift-drag and decides them as one genre', async () => {
    await page.getByRole('link', { name: 'Overview' }).click();
    const canvas = page.locator('canvas[data-first-draw-ms]');
    await canvas.waitFor();
    await canvas.scrollIntoViewIfNeeded();
    const map = await callApi<LibraryMap>(page, 'library.map', {});
    const b = await canvas.boundingBox();
    if (!b) throw new Error('the map is not on screen');
    await page.keyboard.down('Shift');
    await page.mouse.move(b.x + 2, b.y + 2);
    await page.mouse.down();
    await page.mouse.move(b.x + b.width - 2, b.y + b.height - 2, { steps: 4 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    const selection = page.locator('[aria-label="Selected tracks"]');
    await expect
      .poll(() => selection.locator('strong').innerText(), { timeout: 10_000 })
      .toBe(`${map.ids.length} tracks selected`);
    await screenshot(page, 'library-map-selection');
    await selection.getByLabel('Decide them as').fill('Lounge');
    await selection.getByRole('button', { name: 'Set genre' }).click();
    await expect.poll(() => page.getByText(`${map.ids.length} tracks decided`).count(), { timeout: 60_000 }).toBe(1);
    const decided = await callApi<{ decision: { genre: string } | null }>(page, 'tracks.get', { id: map.ids[0] });
    expect(decided.decision?.genre).toBe('Lounge');
  });
});
