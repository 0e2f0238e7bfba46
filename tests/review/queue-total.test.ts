import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reviewQueue } from '../../core/review/queue.js';
import { libraryOverview } from '../../core/service/overview.js';
import { seedTracks, tempLibrary, type TempLibrary } from '../helpers/library.js';

/**
 * Issue 15: the review counter showed "Track 1 of 100" when 53,766 tracks needed review. The
 * queue's total is every track in it, whatever the page size, and equals the overview's count;
 * pages taken one after another give the order the whole queue has.
 */
describe('review queue total and pages', () => {
  let lib: TempLibrary;
  beforeEach(() => {
    lib = tempLibrary();
    seedTracks(
      lib.db,
      Array.from({ length: 230 }, (_, i) => ({
        path: `/music/${['a', 'b', 'c'][i % 3]}/album ${i % 7}/${i}.mp3`,
        artist: ['a', 'b', 'c'][i % 3],
        predicted: i % 2 ? 'jazz' : 'rock',
        confidence: 0.2 + (i % 50) / 100,
      })),
    );
  });
  afterEach(() => lib.close());

  it('counts every track that needs review, not the page', () => {
    const first = reviewQueue(lib.db, { limit: 100 });
    expect(first.items).toHaveLength(100);
    expect(first.total).toBe(libraryOverview(lib.db).reviewQueue);
    expect(first.total).toBe(230 - 40); // confidence ≥ 0.6 on 40 of them
  });

  it('gives page after page the order of the whole queue', () => {
    const whole = reviewQueue(lib.db).items.map((i) => i.id);
    const paged = [0, 50, 100, 150, 200].flatMap((offset) =>
      reviewQueue(lib.db, { offset, limit: 50 }).items.map((i) => i.id),
    );
    expect(paged).toEqual(whole);
    expect(new Set(whole).size).toBe(190);
  });
});
