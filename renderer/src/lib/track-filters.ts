import type { TrackQuery, TrackSortKey, TrackStatus } from '../../../shared/api/types';

/** Confidence bands offered by the library filter, named the way people think of them. */
export type ConfidenceBand = 'any' | 'low' | 'medium' | 'high';

export const CONFIDENCE_BANDS: Readonly<
  Record<ConfidenceBand, { readonly label: string; readonly min?: number; readonly max?: number }>
> = {
  any: { label: 'Any confidence' },
  low: { label: 'Under 50%', max: 0.4999 },
  medium: { label: '50–80%', min: 0.5, max: 0.7999 },
  high: { label: '80% and up', min: 0.8 },
};

export interface TrackFilters {
  readonly search: string;
  /** Current tag value, as spelled in files. */
  readonly genre: string;
  /** Predicted genre id. */
  readonly predicted: string;
  readonly confidence: ConfidenceBand;
  readonly status: TrackStatus | '';
  /** Browsing one artist or one album (exact names); '' for all. */
  readonly artist: string;
  readonly album: string;
}

export interface TrackSort {
  readonly key: TrackSortKey;
  readonly descending: boolean;
}

export const NO_FILTERS: TrackFilters = {
  search: '',
  genre: '',
  predicted: '',
  confidence: 'any',
  status: '',
  artist: '',
  album: '',
};
export const DEFAULT_SORT: TrackSort = { key: 'artist', descending: false };

/** The filter bar's state as the API's query: empty fields are left out, not sent as ''. */
export function toTrackQuery(filters: TrackFilters, sort: TrackSort): TrackQuery {
  const band = CONFIDENCE_BANDS[filters.confidence];
  const search = filters.search.trim();
  return {
    ...(search ? { search } : {}),
    ...(filters.genre ? { genre: filters.genre } : {}),
    ...(filters.predicted ? { predicted: filters.predicted } : {}),
    ...(band.min !== undefined ? { minConfidence: band.min } : {}),
    ...(band.max !== undefined ? { maxConfidence: band.max } : {}),
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.artist ? { artist: filters.artist } : {}),
    ...(filters.album ? { album: filters.album } : {}),
    sort: sort.key,
    descending: sort.descending,
  };
}

/** Rows per request of the library table. */
export const PAGE_SIZE = 100;

/** The query for one page of the table (page 0 holds rows 0–99). */
export function pageQuery(filters: TrackFilters, sort: TrackSort, page: number): TrackQuery {
  return { ...toTrackQuery(filters, sort), offset: page * PAGE_SIZE, limit: PAGE_SIZE };
}

/** Clicking a header sorts by it; clicking the sorted header again reverses the order. */
export function nextSort(current: TrackSort, key: TrackSortKey): TrackSort {
  if (current.key === key) return { key, descending: !current.descending };
  // Ascending first everywhere: A→Z for text, least confident first for confidence (what needs
  // attention comes first).
  return { key, descending: false };
}

export function hasFilters(filters: TrackFilters): boolean {
  return (
    filters.search.trim() !== '' ||
    filters.genre !== '' ||
    filters.predicted !== '' ||
    filters.confidence !== 'any' ||
    filters.status !== '' ||
    filters.artist !== '' ||
    filters.album !== ''
  );
}
