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

function list(): HTMLElement {
  const { container } = render(
    <VirtualList
      rowCount={100_000}
      rowHeight={ROW_HEIGHT}
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
});
