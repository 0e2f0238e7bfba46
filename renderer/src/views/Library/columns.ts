import type { TrackSortKey } from '../../../../shared/api/types';

export interface Column {
  readonly key: TrackSortKey;
  readonly label: string;
  /** Narrowest the column may be, in px; the grid template gives it this much and a share of the rest. */
  readonly minWidth: number;
  /**
   * Width at which its header label and its content read whole, in px: optional columns are
   * dropped until every shown one gets this much (where no optional one is left, the rest
   * shrink towards minWidth, and a header label wraps onto a second line).
   */
  readonly readableWidth: number;
  /** Its share of the width left over once every column has its minimum (fr), or a fixed max. */
  readonly grow: string;
  /** Columns that may be dropped when the table is narrow, lowest first; absent: always shown. */
  readonly dropOrder?: number;
}

// Header labels are 12 px uppercase: "GENRE TO WRITE" needs 121 px, "GENRE IN FILE" 102 and
// "CONFIDENCE" 91, plus 10 px of padding and the sort arrow's room.
export const COLUMNS: readonly Column[] = [
  { key: 'title', label: 'Title', minWidth: 130, readableWidth: 180, grow: '2.2fr' },
  { key: 'artist', label: 'Artist', minWidth: 110, readableWidth: 110, grow: '1.4fr', dropOrder: 3 },
  { key: 'album', label: 'Album', minWidth: 110, readableWidth: 110, grow: '1.4fr', dropOrder: 1 },
  { key: 'genre', label: 'Genre in file', minWidth: 100, readableWidth: 118, grow: '1fr', dropOrder: 2 },
  { key: 'predicted', label: 'Genre to write', minWidth: 110, readableWidth: 136, grow: '1.1fr' },
  // One word, so it cannot wrap: its floor holds the whole label.
  { key: 'confidence', label: 'Confidence', minWidth: 102, readableWidth: 106, grow: '150px' },
  { key: 'status', label: 'Status', minWidth: 100, readableWidth: 100, grow: '100px' },
];

/** Left and right padding of every row (TrackTable.module.css). */
export const ROW_PADDING = 40;

/** The width at which every one of `columns` reads whole, row padding included. */
const readableTotal = (columns: readonly Column[]): number =>
  columns.reduce((sum, c) => sum + c.readableWidth, ROW_PADDING);

/** Each set of columns fitColumns has returned, by their keys. */
const fitted = new Map<string, readonly Column[]>();

/**
 * The columns that fit in `width` px: optional ones are dropped (album first, then the file's
 * genre, then the artist) until the rest fit at their readable widths, so a narrow window or the
 * details panel leaves the title room to be read, cuts no header, and never pushes Genre to
 * write, Confidence or Status out of sight.
 */
export function fitColumns(width: number, columns: readonly Column[] = COLUMNS): readonly Column[] {
  let shown = [...columns];
  const droppable = columns.filter((c) => c.dropOrder !== undefined).sort((a, b) => a.dropOrder! - b.dropOrder!);
  for (const column of droppable) {
    if (readableTotal(shown) <= width) break;
    shown = shown.filter((c) => c !== column);
  }
  if (columns !== COLUMNS) return shown;
  // The same set of columns is the same array, so a resize that changes no column re-renders no row.
  const key = shown.map((c) => c.key).join(' ');
  const known = fitted.get(key);
  if (known) return known;
  fitted.set(key, shown);
  return shown;
}

/**
 * The grid's tracks for `columns` in a `width` px table: each at least its readable width where
 * they all fit so (the fixed-width columns would otherwise take the room first and leave the
 * shared ones at their minimum), else at least its minimum width.
 */
export function gridTemplate(columns: readonly Column[], width: number): string {
  const readable = readableTotal(columns) <= width;
  return columns.map((c) => `minmax(${readable ? c.readableWidth : c.minWidth}px, ${c.grow})`).join(' ');
}

export const ROW_HEIGHT = 38;
