import { flushSync } from 'react-dom';
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type CSSProperties,
  type HTMLAttributes,
  type ReactElement,
  type ReactNode,
} from 'react';
import { planSlots } from './slots';
import styles from './VirtualList.module.css';

export interface VirtualListProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children'> {
  readonly rowCount: number;
  /** Every row has this height; a fixed height is what keeps 100,000 rows cheap. */
  readonly rowHeight: number;
  /**
   * Rows rendered beyond the viewport on each side. While scrolling, the side ahead gets twice
   * as many, or twice the rows the last frame scrolled by (up to 8× overscan) when that is more,
   * so the rows the next frame scrolls into view already exist when it paints, even when a busy
   * machine makes frames long.
   */
  readonly overscan?: number;
  /** Sticky content above the rows (the table header); its height is measured. */
  readonly header?: ReactNode;
  /**
   * The row at `index`. Give it `key={slot}` to let rows reuse the DOM of rows that scrolled out
   * (cheap for rows that differ only in content), or a key of its own to remount each row.
   */
  readonly renderRow: (index: number, style: CSSProperties, slot: number) => ReactNode;
  /** Called with the rows on screen [start, end) whenever they change. */
  readonly onRangeChange?: (start: number, end: number) => void;
  /** A row to keep in view (keyboard navigation). */
  readonly activeIndex?: number | null;
  /** When this value changes the list scrolls back to the top (new filters or sort). */
  readonly resetKey?: unknown;
  /**
   * Rows a scroll brings into the DOM per frame at most beyond those in view or scrolled into view
   * by the next frame at the same speed (see planSlots); the rest follow in the next frames.
   * Infinity renders every row of the window at once.
   */
  readonly maxNewRowsPerFrame?: number;
  /**
   * The id of row `index`'s element. Given it, rows keyed by slot keep their place in the DOM as
   * they change (see domOrder), and the row group's aria-owns gives them in index order.
   */
  readonly rowId?: (index: number) => string;
}

/**
 * The order of the rows in the DOM (slot, row index). With `rowId`, slot order: a slot's element
 * stays where it is while the rows it shows change, as a fling does eight times a frame, where
 * moving it would cost the browser its style, layout and paint anew, much as a new element does.
 * Assistive technology reads the rows in index order from `owns` (aria-owns). Without `rowId`,
 * index order.
 */
function domOrder(
  shown: ReadonlyMap<number, number>,
  rowId: ((index: number) => string) | undefined,
): { readonly rows: readonly (readonly [number, number])[]; readonly owns: string | undefined } {
  const byIndex = [...shown].sort((a, b) => a[1] - b[1]);
  if (!rowId) return { rows: byIndex, owns: undefined };
  return { rows: [...shown].sort((a, b) => a[0] - b[0]), owns: byIndex.map(([, i]) => rowId(i)).join(' ') };
}

/**
 * A windowed list: only the rows in view, the overscan and at most a slot's worth more (rows scrolled
 * past, whose elements the next rows take over) exist in the DOM, positioned inside a spacer as
 * tall as all rows together. Written here rather than taken from a library because
 * fixed-height rows need only this much code, and the table needs exact control over when it
 * asks for pages.
 */
export function VirtualList({
  rowCount,
  rowHeight,
  overscan = 8,
  header,
  renderRow,
  onRangeChange,
  activeIndex = null,
  resetKey,
  maxNewRowsPerFrame = Number.POSITIVE_INFINITY,
  rowId,
  className,
  ...rest
}: VirtualListProps): ReactElement {
  const scroller = useRef<HTMLDivElement>(null);
  const headerRef = useRef<HTMLDivElement>(null);
  // Where the list is scrolled, which way it last moved (+1 down, -1 up) and by how many px.
  const [{ scrollTop, direction, step }, setScroll] = useState({ scrollTop: 0, direction: 1, step: 0 });
  const [viewport, setViewport] = useState(600);
  const [headerHeight, setHeaderHeight] = useState(0);
  // The row each slot showed at the last commit, and whether a scroll event came since rows held
  // back last looked for a frame to come in.
  const placed = useRef<ReadonlyMap<number, number>>(new Map());
  const scrolled = useRef(false);
  const [, setFills] = useState(0);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = (): void => {
      setViewport(el.clientHeight);
      setHeaderHeight(headerRef.current?.offsetHeight ?? 0);
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // Browsers fire scroll at most once per frame, before painting it: rendering the new rows right
  // here (not in a later task) puts them on screen in the same frame as the scroll.
  const onScroll = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    scrolled.current = true;
    flushSync(() =>
      setScroll((previous) =>
        el.scrollTop === previous.scrollTop
          ? previous
          : {
              scrollTop: el.scrollTop,
              direction: el.scrollTop > previous.scrollTop ? 1 : -1,
              step: Math.abs(el.scrollTop - previous.scrollTop),
            },
      ),
    );
  }, []);

  // Before painting, so the rows of a new query never show at the old scroll position.
  useLayoutEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0;
    setScroll({ scrollTop: 0, direction: 1, step: 0 });
  }, [resetKey]);

  // The sticky header sits above the rows in the scrolled content: scrolled by scrollTop, the rows
  // under the header start at row scrollTop / rowHeight.
  const bodyTop = Math.max(0, scrollTop);
  const bodyVisible = Math.max(0, viewport - headerHeight);
  const firstVisible = Math.min(rowCount, Math.floor(bodyTop / rowHeight));
  const lastVisible = Math.min(rowCount, Math.ceil((bodyTop + bodyVisible) / rowHeight));
  const maxAhead = 8 * overscan;
  const ahead = Math.min(maxAhead, Math.max(2 * overscan, Math.ceil((2 * step) / rowHeight)));
  const start = Math.max(0, firstVisible - (direction < 0 ? ahead : overscan));
  const end = Math.min(rowCount, lastVisible + (direction > 0 ? ahead : overscan));

  useEffect(() => {
    onRangeChange?.(firstVisible, Math.max(firstVisible, lastVisible));
  }, [firstVisible, lastVisible, onRangeChange]);

  useEffect(() => {
    const el = scroller.current;
    if (activeIndex === null || !el) return;
    const top = headerHeight + activeIndex * rowHeight;
    if (top < el.scrollTop + headerHeight) el.scrollTop = top - headerHeight;
    else if (top + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = top + rowHeight - el.clientHeight;
  }, [activeIndex, headerHeight, rowHeight]);

  // Row i is rendered in slot i mod `slots` (more than the window ever holds): a row that scrolls
  // in takes over the slot, and so the DOM nodes, of one that scrolled out, which React updates
  // (in place, with rowId; see domOrder) instead of creating new nodes.
  // The count follows the viewport only: the rows in view differ by one with where the scroll cuts
  // them, and a count that followed that would renumber every slot, so every row on screen.
  const slots = Math.max(1, Math.ceil(bodyVisible / rowHeight) + 1 + overscan + maxAhead);
  // Needed now: the rows in view, and those the next frame scrolls into view at this frame's step.
  const stepRows = Math.ceil(step / rowHeight);
  const needStart = direction < 0 ? Math.max(start, firstVisible - stepRows) : firstVisible;
  const needEnd = direction > 0 ? Math.min(end, lastVisible + stepRows) : lastVisible;
  const plan = planSlots(
    { start, end, needStart, needEnd, direction, rowCount },
    slots,
    placed.current,
    maxNewRowsPerFrame,
  );
  // A new query's first commit drew the new rows at the old position, and the reset scrolls to the
  // top: none of them is kept, as after a jump.
  const placedFor = useRef(resetKey);
  useLayoutEffect(() => {
    placed.current = placedFor.current === resetKey ? plan.shown : new Map();
    placedFor.current = resetKey;
  });
  useDeferredRows(plan.deferred, scrolled, setFills);
  const order = domOrder(plan.shown, rowId);
  const rows: ReactNode[] = [];
  for (const [slot, i] of order.rows) {
    rows.push(
      renderRow(
        i,
        {
          position: 'absolute',
          top: 0,
          left: 0,
          right: 0,
          height: rowHeight,
          transform: `translateY(${i * rowHeight}px)`,
        },
        slot,
      ),
    );
  }

  return (
    <div ref={scroller} className={`${styles.scroller} ${className ?? ''}`} onScroll={onScroll} {...rest}>
      {header && (
        <div ref={headerRef} className={styles.header}>
          {header}
        </div>
      )}
      <div className={styles.spacer} style={{ height: rowCount * rowHeight }} role="rowgroup" aria-owns={order.owns}>
        {rows}
      </div>
    </div>
  );
}

/**
 * Brings in rows a scroll held back (`deferred`) in the next animation frame without a scroll
 * event: a frame whose scroll brought rows in has had its share, and the scroll events of a fling
 * bring the rest in themselves.
 */
function useDeferredRows(
  deferred: number,
  scrolled: { current: boolean },
  setFills: (next: (n: number) => number) => void,
): void {
  useLayoutEffect(() => {
    if (deferred === 0 || typeof requestAnimationFrame !== 'function') return;
    const fill = (): void => {
      if (!scrolled.current) flushSync(() => setFills((n) => n + 1));
      else {
        scrolled.current = false;
        id = requestAnimationFrame(fill);
      }
    };
    let id = requestAnimationFrame(fill);
    return () => cancelAnimationFrame(id);
  });
}
