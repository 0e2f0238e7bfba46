import type { Page } from 'playwright-core';

/**
 * In-page probes of the library table, shared by the browser test (which asserts behaviour) and
 * `npm run bench -- scroll` (which prints timings). Everything is measured inside the page with
 * performance.now() and requestAnimationFrame, so the figures are what a user's screen shows,
 * not what the test driver's round trips add.
 */

export const GRID = '[role="grid"]';
export const ROW_SELECTOR = '[role="grid"] [role="rowgroup"] [role="row"]';

export interface ScrollSample {
  /** Duration of each animation frame, ms (the first frame, which has no predecessor, is left out). */
  readonly frames: readonly number[];
  /** Frames in which some row slot inside the viewport was a placeholder or not rendered at all. */
  readonly framesWithPlaceholders: number;
  /** Of those, frames with a slot not rendered at all (rendering fell behind, not the data). */
  readonly framesWithEmptySlots: number;
  /** Index of the first row in view when the scroll ended. */
  readonly endRow: number;
}

/**
 * Scrolls the grid at `pxPerSecond` for `durationMs` (each frame moves by speed × that frame's
 * time, as a trackpad fling does) and, in every frame after the move, checks the rows that frame
 * paints: each row slot in the viewport must hold a loaded row (not aria-busy, not missing).
 * With a speed of 0 it only watches, while something else scrolls (see wheelScroll).
 */
export function scrollAndSample(
  page: Page,
  options: { readonly pxPerSecond: number; readonly durationMs: number; readonly rowHeight: number },
): Promise<ScrollSample> {
  return page.evaluate(
    ({ pxPerSecond, durationMs, rowHeight, grid: gridSelector }) =>
      new Promise<ScrollSample>((resolve, reject) => {
        const grid = document.querySelector<HTMLElement>(gridSelector);
        if (!grid) return reject(new Error('no grid'));
        const header = grid.querySelector<HTMLElement>('[role="row"][aria-rowindex="1"]')?.offsetHeight ?? 0;
        const body = grid.querySelector<HTMLElement>('[role="rowgroup"]');
        const total = Number(grid.getAttribute('aria-rowcount') ?? '1') - 1;
        const frames: number[] = [];
        let bad = 0;
        let position = grid.scrollTop;
        let last = -1;
        let started = -1;
        const viewport = grid.clientHeight;
        const maxTop = grid.scrollHeight - viewport;
        // The rows this frame paints at scroll position `top`. Driving the scroll, the position is
        // known without reading it back, which would force a layout the page itself never does.
        let empty = 0;
        const covered = (top: number): boolean => {
          const first = Math.floor(top / rowHeight);
          const end = Math.min(total, Math.ceil((top + viewport - header) / rowHeight));
          const loaded = new Set<number>();
          const rendered = new Set<number>();
          for (const row of Array.from(body?.children ?? [])) {
            const index = Number(row.getAttribute('aria-rowindex')) - 2;
            rendered.add(index);
            if (row.getAttribute('aria-busy') !== 'true') loaded.add(index);
          }
          let ok = true;
          let gap = false;
          for (let i = first; i < end; i++) {
            if (!loaded.has(i)) ok = false;
            if (!rendered.has(i)) gap = true;
          }
          if (gap) empty++;
          return ok;
        };
        // requestAnimationFrame alone ends this wait: should frames stop coming, fail, not hang.
        const watchdog = setTimeout(
          () => reject(new Error(`frames stopped: ${frames.length} in ${durationMs + 15_000} ms`)),
          durationMs + 15_000,
        );
        const step = (now: number): void => {
          if (started < 0) started = now;
          else frames.push(now - last);
          const dt = last < 0 ? 1000 / 60 : now - last;
          last = now;
          if (pxPerSecond !== 0) {
            position = Math.min(maxTop, position + (pxPerSecond * dt) / 1000);
            grid.scrollTop = position;
          }
          if (!covered(pxPerSecond !== 0 ? Math.floor(position) : grid.scrollTop)) bad++;
          if (now - started < durationMs) requestAnimationFrame(step);
          else {
            clearTimeout(watchdog);
            resolve({
              frames,
              framesWithPlaceholders: bad,
              framesWithEmptySlots: empty,
              endRow: Math.floor(grid.scrollTop / rowHeight),
            });
          }
        };
        requestAnimationFrame(step);
      }),
    { ...options, grid: GRID },
  );
}

/**
 * Turns the mouse wheel over the grid, a notch of `notchPx` at a time, at `pxPerSecond` for
 * `durationMs` (real wheel events, scrolled by the browser), checking every frame as
 * scrollAndSample does.
 */
export async function wheelScroll(
  page: Page,
  options: { readonly pxPerSecond: number; readonly durationMs: number; readonly rowHeight: number },
  notchPx = 100,
): Promise<ScrollSample> {
  const box = await page.locator(GRID).boundingBox();
  if (!box) throw new Error('no grid');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const watching = scrollAndSample(page, { ...options, durationMs: options.durationMs + 300, pxPerSecond: 0 });
  const started = Date.now();
  for (let notch = 1; Date.now() - started < options.durationMs; notch++) {
    await page.mouse.wheel(0, notchPx);
    const next = started + (notch * notchPx * 1000) / options.pxPerSecond;
    await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
  }
  return watching;
}

/** Scrolls so row `index` is at the top and resolves (ms taken) once every row in view is loaded. */
export function jumpTo(page: Page, index: number, rowHeight: number): Promise<number> {
  return page.evaluate(
    ({ index, rowHeight, selector, grid: gridSelector }) =>
      new Promise<number>((resolve, reject) => {
        const grid = document.querySelector<HTMLElement>(gridSelector);
        if (!grid) return reject(new Error('no grid'));
        const header = grid.querySelector<HTMLElement>('[role="row"][aria-rowindex="1"]')?.offsetHeight ?? 36;
        const started = performance.now();
        grid.scrollTop = index * rowHeight;
        // The check runs on animation frames; this timer fails the wait even if frames stop.
        const watchdog = setTimeout(() => reject(new Error(`row ${index} not loaded after 10 s`)), 10_000);
        const check = (): void => {
          const top = grid.getBoundingClientRect().top + header;
          const bottom = grid.getBoundingClientRect().bottom;
          const visible = Array.from(document.querySelectorAll<HTMLElement>(selector)).filter((r) => {
            const b = r.getBoundingClientRect();
            return b.bottom > top && b.top < bottom;
          });
          const target = document.querySelector(`${selector}[aria-rowindex="${index + 2}"]`);
          if (target && visible.length > 0 && visible.every((r) => r.getAttribute('aria-busy') !== 'true')) {
            clearTimeout(watchdog);
            resolve(performance.now() - started);
          } else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      }),
    { index, rowHeight, selector: ROW_SELECTOR, grid: GRID },
  );
}

/**
 * Installs, before the app's own scripts run, a watcher that notes (in performance.now() since
 * navigation) when the first loaded data row appears; read it with firstRowAt().
 */
export async function watchFirstRow(page: Page): Promise<void> {
  await page.addInitScript((selector) => {
    const w = window as unknown as { __firstRowAt?: number };
    const check = (): void => {
      if (document.querySelector(`${selector}[aria-rowindex="2"]:not([aria-busy])`)) {
        w.__firstRowAt = performance.now();
        observer.disconnect();
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['aria-busy'] });
  }, ROW_SELECTOR);
}

/** When the first data row appeared (ms after navigation), waiting for it up to 60 s. */
export async function firstRowAt(page: Page): Promise<number> {
  const handle = await page.waitForFunction(() => (window as unknown as { __firstRowAt?: number }).__firstRowAt, null, {
    timeout: 60_000,
    polling: 10,
  });
  return (await handle.jsonValue()) as number;
}

/** API requests of this page load: method, start and end (ms since navigation), in start order. */
export function apiTimeline(page: Page): Promise<{ method: string; start: number; end: number }[]> {
  return page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .filter((e) => e.name.includes('/api/') && !e.name.endsWith('/api/events'))
      .map((e) => ({
        method: new URL(e.name).pathname.replace('/api/', ''),
        start: e.startTime,
        end: (e as PerformanceResourceTiming).responseEnd,
      }))
      .sort((a, b) => a.start - b.start),
  );
}

/**
 * Types `text` into the search box like a person (a key every `keyDelayMs`) and returns the ms
 * from the last keystroke until the grid shows `expectedRows` matches with its first row loaded.
 */
export async function searchToRows(page: Page, text: string, expectedRows: number, keyDelayMs = 80): Promise<number> {
  const box = page.getByLabel('Search');
  await box.focus();
  await page.evaluate(() => {
    const w = window as unknown as { __lastKey?: number };
    w.__lastKey = 0;
    window.addEventListener('keydown', () => (w.__lastKey = performance.now()), { capture: true });
  });
  // An empty text clears the box with one key, as a person would; otherwise type into an empty box.
  await box.selectText();
  if (text === '') await page.keyboard.press('Backspace');
  else await page.keyboard.type(text, { delay: keyDelayMs });
  const handle = await page.waitForFunction(
    ({ grid, selector, rows }) => {
      const g = document.querySelector(grid);
      if (g?.getAttribute('aria-rowcount') !== String(rows + 1)) return undefined;
      const first = document.querySelector(`${selector}[aria-rowindex="2"]`);
      if (!first || first.getAttribute('aria-busy') === 'true') return undefined;
      return performance.now() - ((window as unknown as { __lastKey?: number }).__lastKey ?? 0);
    },
    { grid: GRID, selector: ROW_SELECTOR, rows: expectedRows },
    { timeout: 60_000, polling: 'raf' },
  );
  return (await handle.jsonValue()) as number;
}

/**
 * Picks `value` in the select labelled `label` and returns the ms from the change event until the
 * grid shows a different row count with its first row loaded.
 */
export async function selectToRows(page: Page, label: string, value: string): Promise<number> {
  const before = await page.locator(GRID).getAttribute('aria-rowcount');
  await page.evaluate(() => {
    const w = window as unknown as { __changedAt?: number };
    window.addEventListener('change', () => (w.__changedAt = performance.now()), { capture: true, once: true });
  });
  await page.getByLabel(label).selectOption(value);
  const handle = await page.waitForFunction(
    ({ grid, selector, before }) => {
      const g = document.querySelector(grid);
      const first = document.querySelector(`${selector}[aria-rowindex="2"]`);
      if (g?.getAttribute('aria-rowcount') === before || !first || first.getAttribute('aria-busy') === 'true')
        return undefined;
      return performance.now() - ((window as unknown as { __changedAt?: number }).__changedAt ?? 0);
    },
    { grid: GRID, selector: ROW_SELECTOR, before },
    { timeout: 60_000, polling: 'raf' },
  );
  return (await handle.jsonValue()) as number;
}

export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
}

/**
 * The grid's data rows (aria-rowindex) in DOM order and in the order Chromium's accessibility tree
 * gives them to assistive technology (the row group's children there, after aria-owns).
 */
export async function accessibleRowOrder(page: Page): Promise<{ dom: number[]; accessible: number[] }> {
  const dom = await page.evaluate(
    (selector) => Array.from(document.querySelectorAll(selector), (r) => Number(r.getAttribute('aria-rowindex'))),
    ROW_SELECTOR,
  );
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.getDocument');
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    const byId = new Map(nodes.map((n) => [n.nodeId, n]));
    const group = nodes.find((n) => n.role?.value === 'rowgroup');
    const accessible: number[] = [];
    for (const id of group?.childIds ?? []) {
      const backendNodeId = byId.get(id)?.backendDOMNodeId;
      if (backendNodeId === undefined) continue;
      const { node } = await cdp.send('DOM.describeNode', { backendNodeId });
      const attributes = node.attributes ?? [];
      const at = attributes.indexOf('aria-rowindex');
      if (at >= 0) accessible.push(Number(attributes[at + 1]));
    }
    return { dom, accessible };
  } finally {
    await cdp.detach();
  }
}
