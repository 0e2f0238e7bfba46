import type { TrackSortKey } from '../../../../shared/api/types';

export interface Column {
  readonly key: TrackSortKey;
  readonly label: string;
  readonly align?: 'right';
}

export const COLUMNS: readonly Column[] = [
  { key: 'title', label: 'Title' },
  { key: 'artist', label: 'Artist' },
  { key: 'album', label: 'Album' },
  { key: 'genre', label: 'Genre in file' },
  { key: 'predicted', label: 'Predicted' },
  { key: 'confidence', label: 'Confidence' },
  { key: 'status', label: 'Status' },
];

/** One grid template for header and rows so the columns always line up. */
export const GRID_TEMPLATE = 'minmax(180px, 2.2fr) minmax(120px, 1.4fr) minmax(120px, 1.4fr) minmax(110px, 1fr) minmax(100px, 1fr) minmax(120px, 150px) 112px';

export const ROW_HEIGHT = 38;
