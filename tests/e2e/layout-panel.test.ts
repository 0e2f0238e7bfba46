import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, hasChromium, screenshot, serveAnalysedFixtures, type ServedFixtures } from './harness';

/**
 * With the details panel open the table yields: lower-priority columns give way so the title
 * keeps room to be read and no column's header is cut, at the usual 1440×900 and at 1024×700.
 * Below 1100 px the sidebar is a rail of icons, which is what leaves the title that room at 1024.
 */

interface HeaderFit {
  readonly label: string;
  readonly width: number;
  readonly cut: boolean;
}

async function headers(page: Page): Promise<HeaderFit[]> {
  return page.locator('[role="columnheader"]').evaluateAll((els) =>
    els.map((el) => {
      const label = el.querySelector('span');
      return {
        label: label?.textContent ?? '',
        width: Math.round(el.getBoundingClientRect().width),
        // Cut across (an ellipsis) or below (a third line the clamp hides).
        cut: label ? label.scrollWidth > label.clientWidth + 1 || label.scrollHeight > label.clientHeight + 1 : false,
      };
    }),
  );
}

async function titleCellWidth(page: Page): Promise<number> {
  return page
    .locator('[role="row"][aria-rowindex="2"] [role="gridcell"]')
    .first()
    .evaluate((el) => Math.round(el.getBoundingClientRect().width));
}

// Beside the panel at 1024 the four columns that always show are left, the title at its readable
// width (at its 130 px minimum, eight letters, while the sidebar took 224 px). One served library and one page for both sizes: the window is resized between them.
describe.skipIf(!hasChromium())('the library table beside the details panel', () => {
  let fixtures: ServedFixtures;
  let page: Page;

  beforeAll(async () => {
    assertBuilt();
    fixtures = await serveAnalysedFixtures('genrewise-layout-panel-', { width: 1440, height: 900 });
    page = fixtures.page;
  }, 120_000);

  afterAll(async () => {
    await fixtures?.close();
  });

  for (const { viewport, title: titleWidth } of [
    { viewport: { width: 1440, height: 900 }, title: 180 },
    { viewport: { width: 1024, height: 700 }, title: 180 },
  ]) {
    it(`keeps the title readable and cuts no column header at ${viewport.width}`, async () => {
      await page.setViewportSize(viewport);
      await page.getByRole('link', { name: 'Library' }).click();
      await page.locator('[role="row"][aria-rowindex="2"]').waitFor();
      await page.waitForTimeout(200); // the table's width observer follows the new window size
      const open = await headers(page);
      await page.locator('[role="row"][aria-rowindex="2"]').click();
      await page.locator('aside[aria-label="Track details"]').waitFor();
      await page.waitForTimeout(200);
      const beside = await headers(page);
      const title = await titleCellWidth(page);
      await screenshot(page, `layout-${viewport.width}-library-panel`);
      await page.getByRole('button', { name: 'Close details' }).click();
      await screenshot(page, `layout-${viewport.width}-library`);
      expect(beside.filter((h) => h.cut)).toEqual([]);
      expect(open.filter((h) => h.cut)).toEqual([]);
      expect(title).toBeGreaterThanOrEqual(titleWidth);
    });
  }

  it('folds the sidebar into a rail of named icons below 1100 px, and back', async () => {
    const nav = page.getByRole('navigation', { name: 'Main' });
    const review = nav.getByRole('link', { name: /^Review/ });
    const footer = nav.getByText('13 tracks');
    await page.setViewportSize({ width: 1024, height: 700 });
    await expect.poll(async () => (await nav.boundingBox())?.width).toBeLessThanOrEqual(64);
    // Every link keeps its name (a screen reader's, and the tooltip's) and the review count.
    for (const name of ['Library', 'Overview', 'Write tags', 'Playlists', 'Problems', 'Settings'])
      expect(await nav.getByRole('link', { name }).count()).toBe(1);
    expect(await review.getAttribute('title')).toBe('Review: 13 to review');
    expect(await footer.isVisible()).toBe(false);
    await page.setViewportSize({ width: 1440, height: 900 });
    await expect.poll(async () => (await nav.boundingBox())?.width).toBe(224);
    expect(await review.getAttribute('title')).toBeNull();
    expect(await footer.isVisible()).toBe(true);
  });
});
