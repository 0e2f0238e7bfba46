import type { TrackSortKey } from '../../../../shared/api/types';

export interface Column {
  readonly key: TrackSortKey;
  readonly label: string;
  /** Width in the grid template; header and rows share it so the columns always line up. */
  readonly width: string;
  /** Dropped when the details panel takes part of the width. */
  readonly optional?: boolean;
}

export const COLUMNS: readonly Column[] = [
  { key: 'title', label: 'Title', width: 'minmax(160px, 2.2fr)' },
  { key: 'artist', label: 'Artist', width: 'minmax(110px, 1.4fr)' },
  { key: 'album', label: 'Album', width: 'minmax(110px, 1.4fr)', optional: true },
  { key: 'genre', label: 'Genre in file', width: 'minmax(100px, 1fr)' },
  { key: 'predicted', label: 'Genre to write', width: 'minmax(120px, 1.1fr)' },
  { key: 'confidence', label: 'Confidence', width: 'minmax(110px, 150px)' },
  { key: 'status', label: 'Status', width: '108px' },
];

export function visibleColumns(compact: boolean): readonly Column[] {
  return compact ? COLUMNS.filter((c) => !c.optional) : COLUMNS;
}

export function gridTemplate(columns: readonly Column[]): string {
  return columns.map((c) => c.width).join(' ');
}

export const ROW_HEIGHT = 38;
