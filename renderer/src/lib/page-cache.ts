/**
 * Rows of a long server-side list, cached by fixed-size page for the virtualised table. Only the
 * pages around what is on screen are ever fetched; the least recently used pages are dropped
 * beyond `maxPages`, so scrolling through 100,000 rows keeps memory flat.
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

  setPage(page: number, rows: readonly T[]): void {
    this.pages.delete(page);
    this.pages.set(page, rows);
    while (this.pages.size > this.maxPages) {
      const oldest = this.pages.keys().next().value as number;
      this.pages.delete(oldest);
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
    if (last < start) return [];
    const out: number[] = [];
    for (let p = this.pageOf(Math.max(0, start)); p <= this.pageOf(last); p++) {
      if (!this.pages.has(p)) out.push(p);
    }
    return out;
  }

  clear(): void {
    this.pages.clear();
  }
}
