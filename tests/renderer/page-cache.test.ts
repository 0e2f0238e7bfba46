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
});
