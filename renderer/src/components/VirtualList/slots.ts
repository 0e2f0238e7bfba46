/**
 * The rows a list wants this frame, [start, end), of which [needStart, needEnd) are needed now:
 * those in view and those the next frame scrolls into view at the current speed.
 */
export interface RowWindow {
  readonly start: number;
  readonly end: number;
  readonly needStart: number;
  readonly needEnd: number;
  /** Which way the list last scrolled: +1 down, -1 up. */
  readonly direction: number;
  readonly rowCount: number;
}

/** Which row each slot shows (slot → row index), and how many rows of the window wait for a later frame. */
export interface SlotPlan {
  readonly shown: ReadonlyMap<number, number>;
  readonly deferred: number;
}

/**
 * Rows the window wants in slots that show another row (or none), the most needed first: the
 * needed ones from the edge next to the rows already there, then those further ahead in the scroll
 * direction, nearest first, then those behind.
 */
function freshRows(view: RowWindow, slots: number, previous: ReadonlyMap<number, number>): number[] {
  const { start, end, needStart, needEnd, direction } = view;
  const fresh: number[] = [];
  for (let i = start; i < end; i++) if (previous.get(i % slots) !== i) fresh.push(i);
  const size = end - start;
  const rank =
    direction > 0
      ? (i: number): number => (i >= needStart ? i - needStart : size + needStart - i)
      : (i: number): number => (i < needEnd ? needEnd - 1 - i : size + i - needEnd);
  return fresh.sort((a, b) => rank(a) - rank(b));
}

/**
 * Row i goes in slot i mod `slots`. Beyond the needed rows, a scroll puts at most `maxNew` rows
 * into slots that showed another row at the last frame (`previous`): each costs the browser about
 * a millisecond of style, layout and paint, and a fling frame that came late, scrolling by twice
 * the rows, also wants twice the rows ahead, 60 rows at once, which made the next frame later
 * still. Every slot no row of the window takes keeps the row it showed (out of view, costing
 * nothing): the slots of rows held back until a later frame has room, and those of rows the scroll
 * left behind, so that rows scrolling in later take over their elements instead of new ones being
 * built and the old thrown away. A jump (no row of the window shown before) or a first render puts
 * every row in at once and keeps none from before: there is no scroll to keep smooth.
 */
export function planSlots(
  view: RowWindow,
  slots: number,
  previous: ReadonlyMap<number, number>,
  maxNew: number,
): SlotPlan {
  const fresh = freshRows(view, slots, previous);
  const kept = view.end - view.start - fresh.length;
  const needed = fresh.filter((i) => i >= view.needStart && i < view.needEnd).length;
  const limit = kept === 0 ? fresh.length : needed + maxNew;
  const shown = new Map<number, number>();
  for (let i = view.start; i < view.end; i++) if (previous.get(i % slots) === i) shown.set(i % slots, i);
  for (const i of fresh.slice(0, limit)) shown.set(i % slots, i);
  if (kept > 0) for (const [slot, old] of previous) if (!shown.has(slot) && old < view.rowCount) shown.set(slot, old);
  return { shown, deferred: Math.max(0, fresh.length - limit) };
}
