import { create } from 'zustand';
import type { TrackRow, TrackSortKey } from '../../../shared/api/types';
import { queryTracks } from '../api/library';
import { messageOf } from '../lib/errors';
import { PageCache } from '../lib/page-cache';
import {
  DEFAULT_SORT,
  NO_FILTERS,
  nextSort,
  toTrackQuery,
  type TrackFilters,
  type TrackSort,
} from '../lib/track-filters';

export const PAGE_SIZE = 100;
/** 60 pages of 100 rows: plenty of scroll-back without holding 100,000 rows in memory. */
const MAX_PAGES = 60;
/** Pages are fetched once scrolling pauses this long, so a fast drag does not request every page it passes. */
export const FETCH_DELAY_MS = 60;
/**
 * Page requests on the wire at once. The server answers one query at a time; more requests
 * would only queue pages the user has already scrolled past ahead of the ones now on screen.
 */
export const MAX_IN_FLIGHT = 2;

export interface TrackTableState {
  readonly filters: TrackFilters;
  readonly sort: TrackSort;
  /** Rows matching the filters; null until the first answer. */
  readonly total: number | null;
  /** Bumped whenever pages arrive, so rows re-render from the cache. */
  readonly version: number;
  readonly loading: boolean;
  readonly error: string | null;
  /** Milliseconds the last filter/sort change took from request to first page. */
  readonly lastQueryMs: number | null;
  readonly selectedId: number | null;
  /** Changes with every new filter or sort: the table scrolls back to the top. */
  readonly queryKey: number;
  setFilters(changes: Partial<TrackFilters>): void;
  clearFilters(): void;
  sortBy(key: TrackSortKey): void;
  /** Declares what is on screen; loads the pages it needs. */
  showRange(start: number, end: number): void;
  /** Re-reads everything (library changed) keeping filters and scroll position. */
  reload(): Promise<void>;
  select(id: number | null): void;
  reset(): void;
}

export const rowCache = new PageCache<TrackRow>(PAGE_SIZE, MAX_PAGES);

// Each query gets a generation; answers for an older generation (the user typed on) are dropped.
let generation = 0;
const inFlight = new Set<number>();
let visible = { start: 0, end: 0 };
let fetchTimer: ReturnType<typeof setTimeout> | undefined;
// A library change during a reload asks for one more reload after it, not one per event.
let reloading: Promise<void> | undefined;
let reloadAgain = false;

export function rowAt(index: number): TrackRow | undefined {
  return rowCache.row(index);
}

export const useTrackTable = create<TrackTableState>((set, get) => {
  async function fetchPage(page: number, gen: number): Promise<void> {
    if (inFlight.has(page)) return;
    inFlight.add(page);
    const { filters, sort } = get();
    try {
      const result = await queryTracks({ ...toTrackQuery(filters, sort), offset: page * PAGE_SIZE, limit: PAGE_SIZE });
      if (gen !== generation) return;
      rowCache.setPage(page, result.rows);
      set((s) => ({ total: result.total, version: s.version + 1, error: null }));
    } catch (err) {
      if (gen === generation) set({ error: messageOf(err) });
    } finally {
      if (gen === generation) {
        inFlight.delete(page);
        // The user may have scrolled on while this page loaded: fetch what is on screen now.
        loadVisible();
      }
    }
  }

  function loadVisible(): void {
    const total = get().total;
    if (total === null) return;
    rowCache.touch(rowCache.pageOf(visible.start), rowCache.pageOf(Math.max(visible.start, visible.end - 1)));
    for (const page of rowCache.missingPages(visible.start, visible.end, total)) {
      if (inFlight.size >= MAX_IN_FLIGHT) break;
      if (!inFlight.has(page)) void fetchPage(page, generation);
    }
  }

  /**
   * Loads the pages on screen for the current filters and sort. `keepRows` (a library change,
   * not a new query) swaps the fresh pages in only once they arrived, so rows do not blink
   * empty during a scan; a new query clears at once since old rows would be wrong.
   */
  async function requery(keepRows: boolean): Promise<void> {
    generation += 1;
    const gen = generation;
    inFlight.clear();
    if (!keepRows) rowCache.clear();
    const started = performance.now();
    set({ loading: true });
    const { filters, sort } = get();
    const first = rowCache.pageOf(visible.start);
    const last = Math.max(first, rowCache.pageOf(Math.max(visible.start, visible.end - 1)));
    const pages = Array.from({ length: last - first + 1 }, (_, i) => first + i);
    try {
      const results = await Promise.all(
        pages.map((page) =>
          queryTracks({ ...toTrackQuery(filters, sort), offset: page * PAGE_SIZE, limit: PAGE_SIZE }),
        ),
      );
      if (gen !== generation) return;
      rowCache.clear();
      results.forEach((result, i) => rowCache.setPage(first + i, result.rows));
      const total = results[results.length - 1]?.total ?? 0;
      set((s) => ({
        total,
        version: s.version + 1,
        loading: false,
        error: null,
        lastQueryMs: keepRows ? s.lastQueryMs : performance.now() - started,
      }));
      loadVisible();
    } catch (err) {
      if (gen === generation) set({ loading: false, error: messageOf(err) });
    }
  }

  function newQuery(changes: Partial<Pick<TrackTableState, 'filters' | 'sort'>>): void {
    set((s) => ({ ...changes, queryKey: s.queryKey + 1 }));
    visible = { start: 0, end: visible.end - visible.start };
    void requery(false);
  }

  return {
    filters: NO_FILTERS,
    sort: DEFAULT_SORT,
    total: null,
    version: 0,
    loading: false,
    error: null,
    lastQueryMs: null,
    selectedId: null,
    queryKey: 0,

    setFilters(changes) {
      newQuery({ filters: { ...get().filters, ...changes } });
    },

    clearFilters() {
      newQuery({ filters: NO_FILTERS });
    },

    sortBy(key) {
      newQuery({ sort: nextSort(get().sort, key) });
    },

    showRange(start, end) {
      visible = { start, end };
      if (get().total === null) {
        if (!get().loading) void requery(false);
        return;
      }
      if (fetchTimer !== undefined) clearTimeout(fetchTimer);
      fetchTimer = setTimeout(() => {
        fetchTimer = undefined;
        loadVisible();
      }, FETCH_DELAY_MS);
    },

    async reload() {
      if (reloading) {
        reloadAgain = true;
        return reloading;
      }
      reloading = (async () => {
        do {
          reloadAgain = false;
          await requery(true);
        } while (reloadAgain);
      })();
      try {
        await reloading;
      } finally {
        reloading = undefined;
      }
    },

    select(id) {
      set({ selectedId: id });
    },

    reset() {
      generation += 1;
      rowCache.clear();
      inFlight.clear();
      reloadAgain = false;
      visible = { start: 0, end: 0 };
      if (fetchTimer !== undefined) clearTimeout(fetchTimer);
      fetchTimer = undefined;
      set({
        filters: NO_FILTERS,
        sort: DEFAULT_SORT,
        total: null,
        version: 0,
        loading: false,
        error: null,
        lastQueryMs: null,
        selectedId: null,
        queryKey: 0,
      });
    },
  };
});
