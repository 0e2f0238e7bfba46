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
import styles from './VirtualList.module.css';

export interface VirtualListProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children'> {
  readonly rowCount: number;
  /** Every row has this height; a fixed height is what keeps 100,000 rows cheap. */
  readonly rowHeight: number;
  /** Rows rendered beyond the viewport on each side, so fast scrolling shows no gaps. */
  readonly overscan?: number;
  /** Sticky content above the rows (the table header); its height is measured. */
  readonly header?: ReactNode;
  readonly renderRow: (index: number, style: CSSProperties) => ReactNode;
  /** Called with the rows on screen [start, end) whenever they change. */
  readonly onRangeChange?: (start: number, end: number) => void;
  /** A row to keep in view (keyboard navigation). */
  readonly activeIndex?: number | null;
  /** When this value changes the list scrolls back to the top (new filters or sort). */
  readonly resetKey?: unknown;
}

/**
 * A windowed list: only the rows in view (plus overscan) exist in the DOM, positioned inside a
 * spacer as tall as all rows together. Written here rather than taken from a library because
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
  className,
  ...rest
}: VirtualListProps): ReactElement {
  const scroller = useRef<HTMLDivElement>(null);
  const headerRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);
  const [headerHeight, setHeaderHeight] = useState(0);
  const frame = useRef<number | null>(null);

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

  const onScroll = useCallback(() => {
    if (frame.current !== null) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = null;
      if (scroller.current) setScrollTop(scroller.current.scrollTop);
    });
  }, []);

  useEffect(
    () => () => {
      if (frame.current !== null) cancelAnimationFrame(frame.current);
    },
    [],
  );

  useEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0;
    setScrollTop(0);
  }, [resetKey]);

  const bodyTop = Math.max(0, scrollTop - headerHeight);
  const bodyVisible = Math.max(0, viewport - headerHeight);
  const firstVisible = Math.min(rowCount, Math.floor(bodyTop / rowHeight));
  const lastVisible = Math.min(rowCount, Math.ceil((bodyTop + bodyVisible) / rowHeight));
  const start = Math.max(0, firstVisible - overscan);
  const end = Math.min(rowCount, lastVisible + overscan);

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

  const rows: ReactNode[] = [];
  for (let i = start; i < end; i++) {
    rows.push(
      renderRow(i, {
        position: 'absolute',
        top: 0,
        left: 0,
        right: 0,
        height: rowHeight,
        transform: `translateY(${i * rowHeight}px)`,
      }),
    );
  }

  return (
    <div ref={scroller} className={`${styles.scroller} ${className ?? ''}`} onScroll={onScroll} {...rest}>
      {header && (
        <div ref={headerRef} className={styles.header}>
          {header}
        </div>
      )}
      <div className={styles.spacer} style={{ height: rowCount * rowHeight }} role="rowgroup">
        {rows}
      </div>
    </div>
  );
}
