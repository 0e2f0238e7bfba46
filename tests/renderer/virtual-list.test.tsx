// @vitest-environment jsdom
import { act, cleanup, fireEvent, render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { VirtualList, type VirtualListProps } from '../../renderer/src/components/VirtualList/VirtualList';

const ROW_HEIGHT = 38;
const VIEWPORT = 400;

/** Scrolls the list's scroller to `top` px as the browser would: the position, then a scroll event. */
function scrollTo(scroller: HTMLElement, top: number): void {
  Object.defineProperty(scroller, 'scrollTop', { configurable: true, writable: true, value: top });
  act(() => {
    fireEvent.scroll(scroller);
  });
}

const rowId = (index: number): string => `row-${index}`;

/** A list of 100,000 rows keyed by slot, each saying which row it is. */
function listView(props: Partial<VirtualListProps> = {}): ReactElement {
  return (
    <VirtualList
      rowCount={100_000}
      rowHeight={ROW_HEIGHT}
      renderRow={(index, style, slot) => (
        <div key={slot} id={rowId(index)} style={style} data-index={index}>
          Row {index}
        </div>
      )}
      {...props}
    />
  );
}

function list(maxNewRowsPerFrame?: number, ids?: typeof rowId): HTMLElement {
  const { container } = render(listView({ maxNewRowsPerFrame, rowId: ids }));
  return container.firstElementChild as HTMLElement;
}

const rowElement = (scroller: HTMLElement, index: number): Element | null =>
  scroller.querySelector(`[data-index="${index}"]`);

/** The rows in the DOM, in DOM order. */
const rowsInDom = (scroller: HTMLElement): number[] =>
  Array.from(scroller.querySelectorAll('[data-index]'), (e) => Number(e.getAttribute('data-index')));

/** The rows in the DOM, by index. */
const renderedRows = (scroller: HTMLElement): number[] => rowsInDom(scroller).sort((a, b) => a - b);

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);

const nextFrame = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => resolve()));

describe('virtual list', () => {
  beforeAll(() => {
    // jsdom has no layout: give the scroller a viewport so rows render.
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => VIEWPORT });
  });

  afterEach(() => cleanup());

  // A scroll by part of a row can make the window one row taller or shorter (a row cut at the top
  // and another at the bottom). Rows were put in slot `index mod slots`, and the slot count followed
  // that height, so such a step renumbered every slot: React tore down or rewrote every row on
  // screen (about 1,100 layout objects at 1440×900) instead of adding the one row scrolled in.
  it('keeps the DOM of rows that stay in view when a scroll moves by part of a row', () => {
    const scroller = list();
    scrollTo(scroller, 1_000 * ROW_HEIGHT);
    const before = [1_000, 1_004, 1_009].map((i) => rowElement(scroller, i));
    expect(before.every((e) => e !== null)).toBe(true);
    scrollTo(scroller, 1_000 * ROW_HEIGHT + ROW_HEIGHT / 2);
    expect([1_000, 1_004, 1_009].map((i) => rowElement(scroller, i))).toEqual(before);
    for (const [i, e] of before.entries()) expect(e?.textContent).toBe(`Row ${[1_000, 1_004, 1_009][i]}`);
  });

  // A fling frame that came late (the machine busy) scrolled by more rows, and the next render
  // brought all of them into the DOM together with twice as many ahead: 60 rows at about a
  // millisecond of style, layout and paint each, which made that frame later still.
  it('brings the rows the next frame needs at once, and at most maxNewRowsPerFrame more a frame', async () => {
    const scroller = list(6);
    scrollTo(scroller, ROW_HEIGHT);
    // The window wants rows 0–27; 28–31 are left from the first render (before the viewport was measured).
    expect(renderedRows(scroller)).toEqual(range(0, 32));
    // 20 rows in one frame: the rows in view (21–31) and the 20 the next frame scrolls into view at
    // this speed come at once, then six of those further ahead; the window wants rows 13–71. Rows
    // 0–12, above the window now, keep their slots until rows scrolling in need them.
    scrollTo(scroller, 21 * ROW_HEIGHT);
    expect(renderedRows(scroller)).toEqual(range(0, 58));
    // The scroll's own frame has had its share; the frame after it brings the next six.
    await act(nextFrame);
    await act(nextFrame);
    expect(renderedRows(scroller)).toEqual(range(0, 64));
  });

  // Rows that scrolled out of the window were taken out of the DOM and rows scrolling in were built
  // anew in other slots (the window is narrower than the slots), so a fling created and threw away
  // some 500 elements a second, with the garbage collections that follow, instead of reusing them.
  it('gives a row scrolling in the elements of a row that scrolled out', () => {
    const scroller = list(8);
    const step = (k: number): void => scrollTo(scroller, (1_000 + 8 * k) * ROW_HEIGHT);
    for (let k = 0; k <= 20; k++) step(k); // every slot has shown a row by now
    const before = new Set(scroller.querySelectorAll('[data-index]'));
    for (let k = 21; k <= 40; k++) step(k);
    const after = Array.from(scroller.querySelectorAll('[data-index]'));
    expect(after.filter((e) => !before.has(e))).toEqual([]);
    // Every row in view is there, showing its own content.
    for (const i of range(1_320, 1_331)) expect(rowElement(scroller, i)?.textContent).toBe(`Row ${i}`);
  });

  it('scrolling up, brings first the rows above the view that the next frame needs', () => {
    const scroller = list(6);
    scrollTo(scroller, 5_000 * ROW_HEIGHT);
    // 20 rows up: in view 4,980–4,990, the next frame's 4,960–4,979, then six of the rows beyond;
    // 4,991 (below the view, behind the scroll) waits too. The slots of rows held back still hold
    // the rows they showed, far below the view (5,024 on).
    scrollTo(scroller, 4_980 * ROW_HEIGHT);
    const near = renderedRows(scroller).filter((i) => i < 5_000);
    expect(near).toEqual([...range(4_954, 4_991), ...range(4_992, 5_000)]);
  });

  // Given row ids, an element that takes over another row stays where it is in the DOM: React had
  // moved it to keep the DOM in index order, which cost the browser the row's style, layout and
  // paint anew. Assistive technology gets the index order from aria-owns.
  it('with row ids, keeps each row element in its place in the DOM and gives the order in aria-owns', () => {
    const scroller = list(8, rowId);
    const body = scroller.querySelector('[role="rowgroup"]') as HTMLElement;
    const step = (k: number): void => scrollTo(scroller, (1_000 + 8 * k) * ROW_HEIGHT);
    for (let k = 0; k <= 20; k++) step(k);
    const before = Array.from(body.children);
    step(21);
    expect(Array.from(body.children)).toEqual(before);
    const inView = range(1_168, 1_179);
    for (const i of inView) expect(rowElement(scroller, i)?.textContent).toBe(`Row ${i}`);
    const owned = body.getAttribute('aria-owns')?.split(' ') ?? [];
    expect(owned).toEqual(renderedRows(scroller).map(rowId));
    expect(owned.every((id) => document.getElementById(id)?.parentElement === body)).toBe(true);
  });

  it('without row ids, keeps the DOM in index order', () => {
    const scroller = list(8);
    for (let k = 0; k <= 30; k++) scrollTo(scroller, (1_000 + 8 * k) * ROW_HEIGHT);
    const inDom = rowsInDom(scroller);
    expect(inDom).toEqual([...inDom].sort((a, b) => a - b));
    expect(scroller.querySelector('[role="rowgroup"]')?.hasAttribute('aria-owns')).toBe(false);
  });

  // Rows out of the window keep their slots while the list scrolls on; after a new query they would
  // be the new query's rows (or placeholders) at the old position: the list starts afresh.
  it('after a reset (a new query) keeps no row from before, even near the top', () => {
    const { container, rerender } = render(listView({ resetKey: 1 }));
    const scroller = container.firstElementChild as HTMLElement;
    for (let top = 1; top <= 60; top++) scrollTo(scroller, top * ROW_HEIGHT);
    for (let top = 55; top >= 5; top -= 5) scrollTo(scroller, top * ROW_HEIGHT);
    expect(Math.max(...renderedRows(scroller))).toBeGreaterThan(60);
    act(() => rerender(listView({ resetKey: 2 })));
    // At the top: rows 0–10 in view, 8 more ahead (a list at rest), nothing else.
    expect(renderedRows(scroller)).toEqual(range(0, 27));
  });

  it('renders every row of a jump at once', () => {
    const scroller = list(6);
    scrollTo(scroller, 5_000 * ROW_HEIGHT);
    expect(renderedRows(scroller)).toEqual(range(4_992, 5_075));
  });
});
