import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, callApi, hasChromium, screenshot, serveAnalysedFixtures, type ServedFixtures } from './harness';

/**
 * The smallest window the app is laid out for, 1024×700, in a real browser against `genrewise
 * serve` on the analysed fixture library: nothing covers the table's columns, the filters stay on
 * one row, and the "in file" badge is never cut.
 */

interface Box {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

async function box(page: Page, selector: string): Promise<Box> {
  const b = await page.locator(selector).first().boundingBox();
  if (!b) throw new Error(`${selector} is not on screen`);
  return { left: b.x, right: b.x + b.width, top: b.y, bottom: b.y + b.height };
}

describe.skipIf(!hasChromium())('the app at 1024×700', () => {
  let fixtures: ServedFixtures;
  let page: Page;

  beforeAll(async () => {
    assertBuilt();
    fixtures = await serveAnalysedFixtures('genrewise-layout-', { width: 1024, height: 700 });
    page = fixtures.page;
  }, 120_000);

  afterAll(async () => {
    await fixtures?.close();
  });

  it('the details panel leaves every shown column in view, and the filters stay on one row', async () => {
    await page.getByRole('link', { name: 'Library' }).click();
    await page.locator('[role="row"][aria-rowindex="2"]').click();
    const panel = await box(page, 'aside[aria-label="Track details"]');
    for (const name of ['Title', 'Genre to write', 'Confidence', 'Status']) {
      const header = await box(page, `[role="columnheader"]:has-text("${name}")`);
      expect(header.right, `${name} column ends before the panel`).toBeLessThanOrEqual(panel.left + 1);
    }
    // Every cell of a row is in view too (rows and header share one template).
    const cells = await page.locator('[role="row"][aria-rowindex="2"] [role="gridcell"]').all();
    for (const cell of cells) {
      const b = await cell.boundingBox();
      expect((b?.x ?? 0) + (b?.width ?? 0)).toBeLessThanOrEqual(panel.left + 1);
    }
    await screenshot(page, 'layout-1024-library-details');
    await page.getByRole('button', { name: 'Close details' }).click();

    const controls = page.locator('[role="search"] > *');
    const tops = new Set<number>();
    for (const c of await controls.all()) tops.add(Math.round((await c.boundingBox())?.y ?? -1));
    expect(tops.size, 'filter controls on one row').toBe(1);
  });

  it('the "in file" badge is shown whole in the review screen', async () => {
    // Make the first review track's tag stand for one of the model's genres, so its bar carries the badge.
    const queue = (await callApi<unknown>(page, 'review.queue', { limit: 1 })) as {
      items: { id: number; current: string[] }[];
    };
    const item = queue.items[0];
    expect(item?.current.length).toBeGreaterThan(0);
    const detail = (await callApi<unknown>(page, 'tracks.get', { id: item!.id })) as {
      probabilities: Record<string, number>;
    };
    const genre = Object.keys(detail.probabilities)[0]!;
    await callApi<unknown>(page, 'settings.update', { aliases: { [item!.current[0]!]: genre } });
    await page.reload();
    await page.getByRole('link', { name: /^Review/ }).click();
    const badge = page.getByText('in file', { exact: true }).first();
    await badge.waitFor();
    const clipped = await badge.evaluate((el) => {
      const b = el.getBoundingClientRect();
      let p = el.parentElement;
      while (p && getComputedStyle(p).overflow === 'visible') p = p.parentElement;
      const c = p?.getBoundingClientRect();
      return { scroll: el.scrollWidth > el.clientWidth + 1, outside: c ? b.right > c.right + 1 : false };
    });
    expect(clipped).toEqual({ scroll: false, outside: false });
    await screenshot(page, 'layout-1024-review');
  });
});
