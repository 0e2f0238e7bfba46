// @vitest-environment jsdom
import { act, cleanup, fireEvent, render } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { VirtualList } from '../../renderer/src/components/VirtualList/VirtualList';

const ROW_HEIGHT = 38;
const VIEWPORT = 400;

/** Scrolls the list's scroller to `top` px as the browser would: the position, then a scroll event. */
function scrollTo(scroller: HTMLElement, top: number): void {
  Object.defineProperty(scroller, 'scrollTop', { configurable: true, writable: true, value: top });
  act(() => {
    fireEvent.scroll(scroller);
  });
}

function list(maxNewRowsPerFrame?: number): HTMLElement {
  const { container } = render(
    <VirtualList
      rowCount={100_000}
      rowHeight={ROW_HEIGHT}
      maxNewRowsPerFrame={maxNewRowsPerFrame}
      renderRow={(index, style, slot) => (
        <div key={slot} style={style} data-index={index}>
          Row {index}
        </div>
      )}
    />,
  );
  return container.firstElementChild as HTMLElement;
}

const rowElement = (scroller: HTMLElement, index: number): Element | null =>
  scroller.querySelector(`[data-index="${index}"]`);

const renderedRows = (scroller: HTMLElement): number[] =>
  Array.from(scroller.querySelectorAll('[data-index]'), (e) => Number(e.getAttribute('data-index')));

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
    scrollTo(scroller, 1_000 * ROW_HEIGHT); // a jump: all its rows at once
    scrollTo(scroller, 1_001 * ROW_HEIGHT);
    expect(renderedRows(scroller)).toEqual(range(993, 1_028));
    // 20 rows in one frame: the rows in view (1,021–1,031) and the 20 the next frame scrolls into
    // view at this speed come at once, then six of those further ahead; the window wants 1,071.
    scrollTo(scroller, 1_021 * ROW_HEIGHT);
    expect(renderedRows(scroller)).toEqual(range(1_013, 1_058));
    // The scroll's own frame has had its share; the frame after it brings the next six.
    await act(nextFrame);
    await act(nextFrame);
    expect(renderedRows(scroller)).toEqual(range(1_013, 1_064));
  });

  it('scrolling up, brings first the rows above the view that the next frame needs', () => {
    const scroller = list(6);
    scrollTo(scroller, 5_000 * ROW_HEIGHT);
    // 20 rows up: in view 4,980–4,990, the next frame's 4,960–4,979, then six of the rows beyond;
    // 4,991 (below the view, behind the scroll) waits too. The slots of rows held back still hold
    // the rows they showed, far below the view (5,024 on).
    scrollTo(scroller, 4_980 * ROW_HEIGHT);
    const near = renderedRows(scroller).filter((i) => i < 5_000);
    expect(near).toEqual([...range(4_954, 4_991), ...range(4_992, 4_999)]);
  });

  it('renders every row of a jump at once', () => {
    const scroller = list(6);
    scrollTo(scroller, 5_000 * ROW_HEIGHT);
    expect(renderedRows(scroller)).toEqual(range(4_992, 5_075));
  });
});
