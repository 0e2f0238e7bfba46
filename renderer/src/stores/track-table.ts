import { create } from 'zustand';
import type { TrackRow, TrackSortKey } from '../../../shared/api/types';
import { queryTracks } from '../api/library';
import { messageOf } from '../lib/errors';
import { PageCache } from '../lib/page-cache';
import {
  DEFAULT_SORT,
  NO_FILTERS,
  nextSort,
  PAGE_SIZE,
  pageQuery,
  type TrackFilters,
  type TrackSort,
} from '../lib/track-filters';

export { PAGE_SIZE } from '../lib/track-filters';
/** 60 pages of 100 rows: plenty of scroll-back without holding 100,000 rows in memory. */
const MAX_PAGES = 60;
/**
 * A move of more rows than this between two frames is a jump (scrollbar drag, End key), not a
 * scroll: pages are fetched once the jump pauses this long, so a drag does not request every page
 * it passes.
 */
export const JUMP_ROWS = 2 * PAGE_SIZE;
export const FETCH_DELAY_MS = 60;
/**
 * Page requests on the wire at once. The server answers one query at a time; more requests
 * would only queue pages the user has already scrolled past ahead of the ones now on screen.
 */
export const MAX_IN_FLIGHT = 2;
/** Rows held ready around the viewport at rest, on both sides. */
export const MARGIN_ROWS = PAGE_SIZE / 2;
/** While scrolling, the rows ahead cover this much travel at the current speed (up to MAX_AHEAD_ROWS). */
const LOOKAHEAD_SECONDS = 0.75;
const MAX_AHEAD_ROWS = 8 * PAGE_SIZE;

export interface TrackTableState {
  readonly filters: TrackFilters;
  readonly sort: TrackSort;
  /** Rows matching the filters; null until the first answer. */
  readonly total: number | null;
  /**
   * The last answer said the library's rows were still being brought up to date (after a
   * re-learn or a new threshold): the rows and total are as they stood; a re-read follows.
   */
  readonly updating: boolean;
  /** Bumped whenever pages arrive, so rows re-render from the cache. */
  readonly version: number;
  /** A new filter or sort is being fetched; the rows of the previous one stay until it arrives. */
  readonly loading: boolean;
  readonly error: string | null;
  /** Milliseconds the last filter/sort change took from request to first page. */
  readonly lastQueryMs: number | null;
  readonly selectedId: number | null;
  /** Changes when the rows of a new filter or sort arrive: the table scrolls back to the top. */
  readonly queryKey: number;
  setFilters(changes: Partial<TrackFilters>): void;
  clearFilters(): void;
  sortBy(key: TrackSortKey): void;
  /**
   * Asks for the first page before the table exists (at start-up, alongside everything else the
   * app loads), so its rows are there when the table first renders. Resolves to the total.
   */
  prefetch(): Promise<number | null>;
  /** Declares what is on screen; loads the pages it needs and those ahead in the scroll direction. */
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
// How the viewport moves: rows per second (signed), smoothed over the last few frames.
let motion = { at: 0, start: 0, speed: 0, direction: 1 as 1 | -1 };
// One query (new filters, sort, reload) on the wire at a time; changes made meanwhile are sent
// as one query, with the latest state, when it returns, so typing does not queue stale searches.
let querying: { readonly run: Promise<void>; readonly keepRows: boolean } | undefined;
let queryAgain: { keepRows: boolean } | undefined;
// A library change during a reload asks for one more reload after it, not one per event.
let reloading: Promise<void> | undefined;
let reloadAgain = false;

export function rowAt(index: number): TrackRow | undefined {
  return rowCache.row(index);
}

/** Notes where the viewport is now; returns true when it jumped rather than scrolled. */
function track(start: number): boolean {
  const now = performance.now();
  const moved = start - motion.start;
  const dt = Math.max(1, now - motion.at);
  const jumped = Math.abs(moved) > JUMP_ROWS;
  if (moved !== 0 && !jumped) {
    const speed = (moved / dt) * 1000;
    // After a pause the new speed stands alone; while moving it is averaged with the last one.
    motion.speed = dt > 250 ? speed : 0.5 * speed + 0.5 * motion.speed;
  } else if (dt > 250 || jumped) {
    motion.speed = 0;
  }
  if (moved !== 0) motion.direction = moved > 0 ? 1 : -1;
  motion.at = now;
  motion.start = start;
  return jumped;
}

export const useTrackTable = create<TrackTableState>((set, get) => {
  async function fetchPage(page: number, gen: number): Promise<void> {
    inFlight.add(page);
    const { filters, sort } = get();
    try {
      const result = await queryTracks(pageQuery(filters, sort, page));
      if (gen !== generation) return;
      rowCache.setPage(page, result.rows, rowCache.pageOf(visible.start));
      set((s) => ({ total: result.total, updating: result.updating === true, version: s.version + 1, error: null }));
    } catch (err) {
      if (gen === generation) set({ error: messageOf(err) });
    } finally {
      if (gen === generation) {
        inFlight.delete(page);
        // The user may have scrolled on while this page loaded: fetch what is needed now.
        loadVisible();
      }
    }
  }

  /** Fetches, most urgent first, the pages on screen and those in the margins around them. */
  function loadVisible(): void {
    const total = get().total;
    if (total === null || querying) return;
    rowCache.touch(rowCache.pageOf(visible.start), rowCache.pageOf(Math.max(visible.start, visible.end - 1)));
    const ahead = Math.min(MAX_AHEAD_ROWS, Math.max(MARGIN_ROWS, Math.abs(motion.speed) * LOOKAHEAD_SECONDS));
    const wanted = rowCache.wantedPages(visible.start, visible.end, total, {
      ahead,
      behind: MARGIN_ROWS,
      direction: motion.direction,
    });
    for (const page of wanted) {
      if (inFlight.size >= MAX_IN_FLIGHT) break;
      if (!inFlight.has(page)) void fetchPage(page, generation);
    }
  }

  /**
   * Loads the pages on screen for the current filters and sort and swaps them in when they
   * arrived, so the rows shown before (the previous search, or the library before a change)
   * stay until then instead of blinking into placeholders. A new query (`keepRows` false) starts
   * from the top; a reload keeps the scroll position.
   */
  async function requery(keepRows: boolean): Promise<void> {
    if (querying) {
      // The query on the wire will be dropped for this one: if either is a new query (not a
      // reload), the one sent next starts from the top as a new query.
      queryAgain = { keepRows: keepRows && querying.keepRows && (queryAgain?.keepRows ?? true) };
      return querying.run;
    }
    generation += 1;
    const gen = generation;
    inFlight.clear();
    const started = performance.now();
    set({ loading: true });
    const { filters, sort } = get();
    const rows = keepRows ? visible : { start: 0, end: visible.end - visible.start };
    const first = rowCache.pageOf(rows.start);
    const last = Math.max(first, rowCache.pageOf(Math.max(rows.start, rows.end - 1)));
    const pages = Array.from({ length: last - first + 1 }, (_, i) => first + i);
    const run = (async () => {
      try {
        const results = await Promise.all(pages.map((page) => queryTracks(pageQuery(filters, sort, page))));
        // Stale: the user changed the query meanwhile, and the latest one is sent next.
        if (gen !== generation || queryAgain) return;
        rowCache.clear();
        results.forEach((result, i) => rowCache.setPage(first + i, result.rows));
        if (!keepRows) visible = rows;
        set((s) => ({
          total: results[results.length - 1]?.total ?? 0,
          updating: results.some((result) => result.updating === true),
          version: s.version + 1,
          loading: false,
          error: null,
          lastQueryMs: keepRows ? s.lastQueryMs : performance.now() - started,
          // The first answer is not a change of query: nothing to scroll back from or deselect.
          queryKey: keepRows || s.total === null ? s.queryKey : s.queryKey + 1,
        }));
      } catch (err) {
        if (gen === generation) set({ loading: false, error: messageOf(err) });
      }
    })();
    querying = { run, keepRows };
    await run;
    if (querying?.run !== run) return; // reset() meanwhile
    querying = undefined;
    const again = queryAgain;
    queryAgain = undefined;
    if (again) await requery(again.keepRows);
    else if (gen === generation) loadVisible();
  }

  function newQuery(changes: Partial<Pick<TrackTableState, 'filters' | 'sort'>>): void {
    set(changes);
    void requery(false);
  }

  return {
    filters: NO_FILTERS,
    sort: DEFAULT_SORT,
    total: null,
    updating: false,
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

    async prefetch() {
      if (get().total === null) await (querying?.run ?? requery(false));
      return get().total;
    },

    showRange(start, end) {
      visible = { start, end };
      const jumped = track(start);
      if (get().total === null) {
        if (!querying) void requery(false);
        return;
      }
      if (fetchTimer !== undefined) clearTimeout(fetchTimer);
      // A scroll asks in the task after its frame (the range comes from the frame's render, and
      // sending a request costs a few milliseconds a frame of a fling has no room for); a jump asks
      // once it pauses.
      fetchTimer = setTimeout(
        () => {
          fetchTimer = undefined;
          loadVisible();
        },
        jumped ? FETCH_DELAY_MS : 0,
      );
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
      queryAgain = undefined;
      querying = undefined;
      visible = { start: 0, end: 0 };
      motion = { at: 0, start: 0, speed: 0, direction: 1 };
      if (fetchTimer !== undefined) clearTimeout(fetchTimer);
      fetchTimer = undefined;
      set({
        filters: NO_FILTERS,
        sort: DEFAULT_SORT,
        total: null,
        updating: false,
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
