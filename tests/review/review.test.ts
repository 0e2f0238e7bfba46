import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decide, DecisionError, getDecision } from '../../core/decisions/decisions.js';
import { acceptAbove } from '../../core/review/bulk-accept.js';
import { reviewQueue } from '../../core/review/queue.js';
import { resolveTrackRef, TrackNotFoundError } from '../../core/review/track-ref.js';
import { updateSettings } from '../../core/library/settings.js';
import { seedTracks, tempLibrary, type TempLibrary } from '../helpers/library.js';

describe('review queue and decisions', () => {
  let lib: TempLibrary;
  let ids: number[];
  beforeEach(() => {
    lib = tempLibrary();
    ids = seedTracks(lib.db, [
      { path: '/music/a.mp3', artist: 'A', predicted: 'rock', confidence: 0.95, genres: ['Rock'] }, //   confident, agrees
      { path: '/music/b.mp3', artist: 'B', predicted: 'jazz', confidence: 0.3, genres: [] }, //          low
      { path: '/music/c.mp3', artist: 'C', predicted: 'pop', confidence: 0.9, genres: ['Metal'] }, //    disagrees with tag
      { path: '/music/d.mp3', artist: 'B', predicted: 'blues', confidence: 0.1, genres: ['Blues'] }, //  lowest
      { path: '/music/e.mp3', artist: 'E', predicted: 'disco', confidence: 0.85, unfamiliar: true }, //  unfamiliar
      { path: '/music/sub/f.mp3', artist: 'F', predicted: 'hiphop', confidence: 0.92, genres: ['Hip Hop'] }, // alias agrees
      { path: '/music/g.mp3', artist: 'G' }, // not analysed
    ]);
  });
  afterEach(() => lib.close());

  it('lists low-confidence, unfamiliar and disagreeing tracks, the most teaching first', () => {
    const { total, items } = reviewQueue(lib.db);
    expect(total).toBe(4);
    // d and b are one album (artist B's loose files in /music): d's answer settles most of b's
    // question, so b comes after the other artists' tracks (teaching-order.ts).
    expect(items.map((i) => [i.path, i.reason])).toEqual([
      ['/music/d.mp3', 'low-confidence'],
      ['/music/e.mp3', 'unfamiliar'],
      ['/music/c.mp3', 'disagrees-with-tag'],
      ['/music/b.mp3', 'low-confidence'],
    ]);
    expect(items[0]).toMatchObject({
      id: ids[3],
      predicted: 'blues',
      confidence: 0.1,
      current: ['Blues'],
      source: 'default',
    });
  });

  it("pages one computed order, and sees every write, its own and another connection's", () => {
    const first = reviewQueue(lib.db);
    const pages = [0, 1, 2, 3].map((offset) => reviewQueue(lib.db, { offset, limit: 1 }).items[0]?.path);
    expect(pages).toEqual(first.items.map((i) => i.path));
    // A decision through this connection leaves the queue at once.
    decide(lib.db, ids[3] as number, { action: 'accept' });
    expect(reviewQueue(lib.db).items.map((i) => i.path)).not.toContain('/music/d.mp3');
    // One through another connection (the CLI beside the app) too.
    const other = new Database(lib.dbPath);
    try {
      other.prepare('UPDATE current_predictions SET confidence = 0.99, unfamiliar = 0 WHERE track_id = ?').run(ids[4]);
    } finally {
      other.close();
    }
    expect(reviewQueue(lib.db).items.map((i) => i.path)).not.toContain('/music/e.mp3');
  });

  it('honours the threshold and the filters', () => {
    expect(reviewQueue(lib.db, { below: 0.2 }).items.map((i) => i.path)).toEqual([
      '/music/d.mp3',
      '/music/e.mp3',
      '/music/c.mp3',
    ]);
    expect(reviewQueue(lib.db, { artist: 'b' }).items.map((i) => i.path)).toEqual(['/music/d.mp3', '/music/b.mp3']);
    expect(reviewQueue(lib.db, { genre: 'pop' }).items.map((i) => i.path)).toEqual(['/music/c.mp3']);
    expect(reviewQueue(lib.db, { folder: '/music/sub', below: 0.99 }).items.map((i) => i.path)).toEqual([
      '/music/sub/f.mp3',
    ]);
    updateSettings(lib.db, { reviewThreshold: 0.2 });
    expect(reviewQueue(lib.db).total).toBe(3);
  });

  it('records each kind of decision and removes the track from the queue', () => {
    const [a, b, c, d] = ids as [number, number, number, number];
    expect(decide(lib.db, b, { action: 'accept' })).toMatchObject({ action: 'accept', genre: 'jazz', source: 'user' });
    // A name is stored as the user wrote it (issue 11): the tag's "Metal", a typed "hip  hop" tidied only.
    expect(decide(lib.db, c, { action: 'keep' })).toMatchObject({ action: 'keep', genre: 'Metal' });
    expect(decide(lib.db, d, { action: 'choose', genre: 'Bossa Nova' })).toMatchObject({ genre: 'Bossa Nova' });
    expect(decide(lib.db, a, { action: 'choose', genre: ' hip  hop ' })).toMatchObject({ genre: 'hip hop' });
    expect(reviewQueue(lib.db).items.map((i) => i.path)).toEqual(['/music/e.mp3']);
    const log = lib.db.prepare('SELECT COUNT(*) FROM decision_log').pluck().get();
    expect(log).toBe(4);
  });

  it('refuses impossible decisions with a clear error', () => {
    expect(() => decide(lib.db, ids[6]!, { action: 'accept' })).toThrow(DecisionError);
    expect(() => decide(lib.db, ids[1]!, { action: 'keep' })).toThrow(/no genre tag to keep/);
    expect(() => decide(lib.db, ids[1]!, { action: 'choose', genre: '  ' })).toThrow(DecisionError);
  });

  it('bulk accept never overrides a user decision', () => {
    decide(lib.db, ids[0]!, { action: 'choose', genre: 'blues' });
    const accepted = acceptAbove(lib.db, 0.9);
    expect(accepted).toBe(1); // f (0.92, tag agrees via alias); a is user-decided, c's tag disagrees, e is unfamiliar
    expect(getDecision(lib.db, ids[0]!)).toMatchObject({ genre: 'blues', source: 'user' });
    expect(getDecision(lib.db, ids[5]!)).toMatchObject({ action: 'accept', genre: 'hiphop', source: 'model' });
    expect(decide(lib.db, ids[0]!, { action: 'accept' }, 'model')).toMatchObject({ genre: 'blues', source: 'user' });
  });

  it('resolves tracks by id or path', () => {
    expect(resolveTrackRef(lib.db, String(ids[2]))).toBe(ids[2]);
    expect(resolveTrackRef(lib.db, '/music/c.mp3')).toBe(ids[2]);
    expect(() => resolveTrackRef(lib.db, '/music/none.mp3')).toThrow(TrackNotFoundError);
  });
});
