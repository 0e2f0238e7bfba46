import { describe, expect, it } from 'vitest';
import { PageCache } from '../../renderer/src/lib/page-cache';

const rows = (page: number, size: number): number[] => Array.from({ length: size }, (_, i) => page * size + i);

describe('PageCache', () => {
  it('finds rows by absolute index across pages', () => {
    const cache = new PageCache<number>(100, 10);
    cache.setPage(3, rows(3, 100));
    expect(cache.row(300)).toBe(300);
    expect(cache.row(399)).toBe(399);
    expect(cache.row(400)).toBeUndefined();
    expect(cache.row(299)).toBeUndefined();
  });

  it('asks only for the pages of the visible range that it does not hold', () => {
    const cache = new PageCache<number>(100, 10);
    cache.setPage(1, rows(1, 100));
    expect(cache.missingPages(50, 260, 100_000)).toEqual([0, 2]);
    expect(cache.missingPages(120, 180, 100_000)).toEqual([]);
  });

  it('never asks for pages past the end of the list', () => {
    const cache = new PageCache<number>(100, 10);
    expect(cache.missingPages(0, 500, 150)).toEqual([0, 1]);
    expect(cache.missingPages(0, 10, 0)).toEqual([]);
  });

  it('drops the least recently used page beyond its limit, keeping touched ones', () => {
    const cache = new PageCache<number>(10, 3);
    cache.setPage(0, rows(0, 10));
    cache.setPage(1, rows(1, 10));
    cache.setPage(2, rows(2, 10));
    cache.touch(0, 0); // page 0 is on screen again
    cache.setPage(3, rows(3, 10));
    expect(cache.size).toBe(3);
    expect(cache.hasPage(0)).toBe(true);
    expect(cache.hasPage(1)).toBe(false);
    expect(cache.hasPage(3)).toBe(true);
  });

  it('keeps memory flat while scrolling through 100,000 rows', () => {
    const cache = new PageCache<number>(100, 60);
    for (let p = 0; p < 1000; p++) cache.setPage(p, rows(p, 100));
    expect(cache.size).toBe(60);
    expect(cache.row(99_999)).toBe(99_999);
    expect(cache.row(0)).toBeUndefined();
  });

  it('drops the page farthest from the one on screen when told where that is', () => {
    const cache = new PageCache<number>(10, 3);
    cache.setPage(5, rows(5, 10));
    cache.setPage(9, rows(9, 10));
    cache.setPage(4, rows(4, 10));
    // On screen: page 5. Page 9 is farthest although page 4 is older than nothing but 5.
    cache.setPage(6, rows(6, 10), 5);
    expect([4, 5, 6, 9].filter((p) => cache.hasPage(p))).toEqual([4, 5, 6]);
  });

  it('wants the pages on screen first, then those ahead in the scroll direction, then behind', () => {
    const cache = new PageCache<number>(100, 60);
    cache.setPage(10, rows(10, 100));
    // Rows 1,050–1,070 on screen (page 10, cached), scrolling down, 300 rows ahead, 100 behind.
    expect(cache.wantedPages(1050, 1070, 100_000, { ahead: 300, behind: 100, direction: 1 })).toEqual([11, 12, 13, 9]);
    // The same scrolling up: the pages above come first, nearest first.
    expect(cache.wantedPages(1050, 1070, 100_000, { ahead: 300, behind: 100, direction: -1 })).toEqual([9, 8, 7, 11]);
    // A visible page missing always comes before any margin; nothing before row 0 or past the end.
    expect(cache.wantedPages(80, 120, 250, { ahead: 500, behind: 500, direction: 1 })).toEqual([0, 1, 2]);
  });
});
