/** Rows to hold around the viewport: `ahead` rows past it in the scroll direction, `behind` before it. */
export interface Margins {
  readonly ahead: number;
  readonly behind: number;
  /** +1 scrolling down, -1 up. */
  readonly direction: 1 | -1;
}

/**
 * Rows of a long server-side list, cached by fixed-size page for the virtualised table. Only the
 * pages on screen and a margin around them (wider in the scroll direction) are ever fetched;
 * beyond `maxPages` the page farthest from the viewport is dropped, so scrolling through
 * 100,000 rows keeps memory flat.
 */
export class PageCache<T> {
  private readonly pages = new Map<number, readonly T[]>();

  constructor(
    readonly pageSize: number,
    readonly maxPages: number,
  ) {
    if (pageSize < 1 || maxPages < 1) throw new RangeError('pageSize and maxPages must be at least 1');
  }

  get size(): number {
    return this.pages.size;
  }

  pageOf(index: number): number {
    return Math.floor(index / this.pageSize);
  }

  /** The row at `index`, or undefined while its page is not loaded. */
  row(index: number): T | undefined {
    const page = this.pages.get(this.pageOf(index));
    return page?.[index % this.pageSize];
  }

  hasPage(page: number): boolean {
    return this.pages.has(page);
  }

  /**
   * Stores a page. Over the limit, the page farthest from `near` (the page on screen) goes; without
   * `near`, the least recently used one.
   */
  setPage(page: number, rows: readonly T[], near?: number): void {
    this.pages.delete(page);
    this.pages.set(page, rows);
    while (this.pages.size > this.maxPages) {
      let drop = this.pages.keys().next().value as number;
      if (near !== undefined) {
        for (const p of this.pages.keys()) if (Math.abs(p - near) > Math.abs(drop - near)) drop = p;
      }
      this.pages.delete(drop);
    }
  }

  /** Marks pages as recently used so the visible ones survive eviction. */
  touch(first: number, last: number): void {
    for (let p = first; p <= last; p++) {
      const rows = this.pages.get(p);
      if (rows) {
        this.pages.delete(p);
        this.pages.set(p, rows);
      }
    }
  }

  /** Pages needed to show rows [start, end) of `total` that are not cached yet. */
  missingPages(start: number, end: number, total: number): number[] {
    const last = Math.min(end, total) - 1;
    start = Math.max(0, start);
    if (last < start) return [];
    const out: number[] = [];
    for (let p = this.pageOf(start); p <= this.pageOf(last); p++) {
      if (!this.pages.has(p)) out.push(p);
    }
    return out;
  }

  /**
   * Pages to fetch, most urgent first: those of rows [start, end) on screen, then the pages ahead
   * in the scroll direction nearest first, then those behind. Cached pages are left out.
   */
  wantedPages(start: number, end: number, total: number, margins: Margins): number[] {
    const out = this.missingPages(start, end, total);
    const ahead =
      margins.direction > 0
        ? this.missingPages(end, end + margins.ahead, total)
        : this.missingPages(start - margins.ahead, start, total).reverse();
    const behind =
      margins.direction > 0
        ? this.missingPages(start - margins.behind, start, total).reverse()
        : this.missingPages(end, end + margins.behind, total);
    for (const p of [...ahead, ...behind]) if (!out.includes(p)) out.push(p);
    return out;
  }

  clear(): void {
    this.pages.clear();
  }
}
