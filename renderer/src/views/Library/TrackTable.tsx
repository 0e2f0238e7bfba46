import {
  memo,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type CSSProperties,
  type KeyboardEvent,
  type ReactElement,
  type RefObject,
} from 'react';
import type { TrackRow } from '../../../../shared/api/types';
import { VirtualList } from '../../components/VirtualList/VirtualList';
import { formatCount } from '../../lib/format';
import { useSettings } from '../../stores/settings';
import { useSelection } from '../../stores/track-selection';
import { rowAt, useTrackTable } from '../../stores/track-table';
import { fitColumns, gridTemplate, ROW_HEIGHT, type Column } from './columns';
import { noteRowsMoved, TrackCell, useLibraryFolders } from './TrackCell';
import styles from './TrackTable.module.css';

/** A row's element id: the grid's aria-activedescendant and its row group's aria-owns name rows by it. */
const rowElementId = (index: number): string => `track-row-${index}`;

function Placeholder({
  style,
  index,
  columns,
  template,
}: {
  readonly style: CSSProperties;
  readonly index: number;
  readonly columns: readonly Column[];
  readonly template: string;
}): ReactElement {
  return (
    <div
      id={rowElementId(index)}
      className={`${styles.row} ${styles.placeholder}`}
      style={{ ...style, gridTemplateColumns: template }}
      role="row"
      aria-rowindex={index + 2}
      aria-busy="true"
    >
      {columns.map((c) => (
        <div key={c.key} className={styles.cell} role="gridcell">
          <span className={styles.skeleton} style={{ width: `${40 + ((index * 7 + c.key.length * 13) % 45)}%` }} />
        </div>
      ))}
    </div>
  );
}

interface RowProps {
  readonly track: TrackRow;
  readonly index: number;
  readonly style: CSSProperties;
  readonly selected: boolean;
  readonly active: boolean;
  readonly names: Readonly<Record<string, string>> | undefined;
  readonly roots: readonly string[];
  readonly columns: readonly Column[];
  readonly template: string;
  readonly onSelect: (index: number, id: number, modifiers: ClickModifiers) => void;
}

interface ClickModifiers {
  readonly shift: boolean;
  readonly toggle: boolean;
}

function RowView({
  track,
  index,
  style,
  selected,
  active,
  names,
  roots,
  columns,
  template,
  onSelect,
}: RowProps): ReactElement {
  return (
    <div
      id={rowElementId(index)}
      className={`${styles.row} ${selected ? styles.selected : ''} ${active ? styles.active : ''}`}
      style={{ ...style, gridTemplateColumns: template }}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      onClick={(e) => onSelect(index, track.id, { shift: e.shiftKey, toggle: e.ctrlKey || e.metaKey })}
    >
      {columns.map((c) => (
        <TrackCell key={c.key} column={c.key} track={track} names={names} roots={roots} />
      ))}
    </div>
  );
}

/**
 * Rows are memoised on what they show and where they sit, so scrolling re-renders only the rows
 * that enter the window, not every row on screen at every frame.
 */
const Row = memo(
  RowView,
  (a, b) =>
    a.track === b.track &&
    a.index === b.index &&
    a.selected === b.selected &&
    a.active === b.active &&
    a.names === b.names &&
    a.roots === b.roots &&
    a.columns === b.columns &&
    a.template === b.template &&
    a.onSelect === b.onSelect &&
    a.style.transform === b.style.transform,
);

/**
 * Rows ahead of the scroll brought into the DOM per frame, beyond those the next frame needs
 * (VirtualList's maxNewRowsPerFrame): a fling's steady 8 rows a frame, so the margin ahead refills
 * as it goes, without a late frame's catching up bringing in 60 rows at once.
 */
const MAX_NEW_ROWS = 8;

/**
 * The library as a virtualised grid: rows come from the page cache, pages are requested for
 * whatever scrolls into view, and the keyboard moves a highlighted row (↑/↓, PgUp/PgDn,
 * Home/End; Enter shows its details).
 */
/** The width of an element, kept current as it resizes (Infinity where nothing measures it). */
function useWidth(): [RefObject<HTMLDivElement | null>, number] {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(Number.POSITIVE_INFINITY);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    setWidth(el.clientWidth);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

export function TrackTable(): ReactElement {
  const [fitRef, width] = useWidth();
  const columns = useMemo(() => fitColumns(width), [width]);
  const template = useMemo(() => gridTemplate(columns, width), [columns, width]);
  const total = useTrackTable((s) => s.total) ?? 0;
  useTrackTable((s) => s.version); // re-render when pages arrive
  const sort = useTrackTable((s) => s.sort);
  const sortBy = useTrackTable((s) => s.sortBy);
  const showRange = useTrackTable((s) => s.showRange);
  const selectedId = useTrackTable((s) => s.selectedId);
  const select = useTrackTable((s) => s.select);
  const queryKey = useTrackTable((s) => s.queryKey);
  const names = useSettings((s) => s.settings?.displayNames);
  const roots = useLibraryFolders();
  const [active, setActive] = useState<number | null>(null);
  const [pageRows, setPageRows] = useState(15);

  const onRange = useCallback(
    (start: number, end: number) => {
      noteRowsMoved();
      setPageRows(Math.max(1, end - start - 1));
      showRange(start, end);
    },
    [showRange],
  );

  const picked = useSelection((s) => s.ids);
  const onSelect = useCallback(
    (index: number, id: number, modifiers: ClickModifiers = { shift: false, toggle: false }) => {
      setActive(index);
      const selection = useSelection.getState();
      // Shift and Ctrl/Cmd pick several tracks to decide at once; a plain click opens one.
      if (modifiers.shift) {
        selection.extend(index);
      } else if (modifiers.toggle) {
        selection.toggle(index, id);
      } else {
        selection.clear();
        useSelection.setState({ anchor: index });
        select(id);
      }
    },
    [select],
  );

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>): void {
    if (total === 0) return;
    const current = active ?? -1;
    let next: number | null = null;
    switch (e.key) {
      case 'ArrowDown':
        next = current + 1;
        break;
      case 'ArrowUp':
        next = current - 1;
        break;
      case 'PageDown':
        next = current + pageRows;
        break;
      case 'PageUp':
        next = current - pageRows;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = total - 1;
        break;
      case 'Enter': {
        const row = active === null ? undefined : rowAt(active);
        if (row) select(row.id === selectedId ? null : row.id);
        e.preventDefault();
        return;
      }
      case 'Escape':
        select(null);
        return;
      default:
        return;
    }
    e.preventDefault();
    const clamped = Math.min(Math.max(next, 0), total - 1);
    setActive(clamped);
    const row = rowAt(clamped);
    if (row && selectedId !== null) select(row.id);
  }

  const header = (
    <div className={styles.headerRow} style={{ gridTemplateColumns: template }} role="row" aria-rowindex={1}>
      {columns.map((c) => {
        const sorted = sort.key === c.key;
        return (
          <div
            key={c.key}
            role="columnheader"
            aria-sort={sorted ? (sort.descending ? 'descending' : 'ascending') : 'none'}
            className={styles.headerCell}
          >
            <button
              type="button"
              className={`${styles.sortButton} ${sorted ? styles.sorted : ''}`}
              onClick={() => sortBy(c.key)}
              title={`Sort by ${c.label.toLowerCase()}`}
            >
              <span className={styles.headerLabel}>{c.label}</span>
              <span className={styles.arrow} aria-hidden="true">
                {sorted ? (sort.descending ? '↓' : '↑') : ''}
              </span>
            </button>
          </div>
        );
      })}
    </div>
  );

  return (
    <div ref={fitRef} className={styles.fit}>
      <VirtualList
        className={styles.table}
        role="grid"
        aria-label={`Library, ${formatCount(total)} tracks`}
        aria-rowcount={total + 1}
        aria-colcount={columns.length}
        aria-activedescendant={active !== null ? rowElementId(active) : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
        rowCount={total}
        rowHeight={ROW_HEIGHT}
        header={header}
        onRangeChange={onRange}
        activeIndex={active}
        resetKey={queryKey}
        maxNewRowsPerFrame={MAX_NEW_ROWS}
        rowId={rowElementId}
        renderRow={(index, style, slot) => {
          const track = rowAt(index);
          return track ? (
            <Row
              key={slot}
              track={track}
              index={index}
              style={style}
              selected={track.id === selectedId || picked[track.id] === true}
              active={index === active}
              names={names}
              roots={roots}
              columns={columns}
              template={template}
              onSelect={onSelect}
            />
          ) : (
            <Placeholder key={slot} index={index} style={style} columns={columns} template={template} />
          );
        }}
      />
    </div>
  );
}
