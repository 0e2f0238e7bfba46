import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setSetting } from '../../core/library/settings.js';
import { refreshReviewOrder } from '../../core/review/review-order.js';
import { openLibrary } from '../../core/service/library-schema.js';
import { deriveTrackList } from '../../core/review/track-list.js';
import { RefreshKeeper } from '../../core/service/refresh-keeper.js';
import type { ApiService } from '../../core/service/types.js';
import { generateLibrary } from '../helpers/large-library.js';
import { tempLibrary, type TempLibrary } from '../helpers/library.js';
import { serviceWithoutAnalysis } from '../helpers/service.js';

/**
 * Issue 15: a new review threshold changes every track's status, which took the next query a
 * second at 100,000 tracks. The service now does that work itself, in steps with a turn of the
 * event loop between them (core/service/refresh-keeper.ts): queries are answered meanwhile, with
 * the rows as they are and `updating` set, and a library-changed event ('index') says when the
 * rows are current, every one equal to a computation from scratch.
 */
describe('the service keeps the library table current in the background', () => {
  let lib: TempLibrary;
  let service: ApiService;
  const reasons: string[] = [];

  beforeEach(() => {
    lib = tempLibrary();
    generateLibrary(lib.db, 5000);
    refreshReviewOrder(lib.db);
    service = serviceWithoutAnalysis(lib.db);
    reasons.length = 0;
    service.subscribe((event, payload) => {
      if (event === 'library-changed') reasons.push((payload as { reason: string }).reason);
    });
  });
  afterEach(async () => {
    await service.close();
    lib.close();
  });

  it('answers queries while a new threshold is applied, says so, and ends exact', async () => {
    const { handlers } = service;
    await handlers['settings.update']({ reviewThreshold: 0.66 });
    const during = await handlers['tracks.query']({ limit: 50 });
    expect(during.updating).toBe(true);
    expect((await handlers['library.stats']({})).updating).toBe(true);
    let answered = 0;
    while (!reasons.includes('index')) {
      await handlers['tracks.query']({ limit: 50, sort: 'confidence' });
      answered++;
      await nextTurn();
    }
    // Queries were answered between the steps, not after all of them.
    expect(answered).toBeGreaterThanOrEqual(2);
    const page = await handlers['tracks.query']({ limit: 50 });
    const stats = await handlers['library.stats']({});
    const queue = await handlers['review.queue']({ limit: 10 });
    expect(page.updating).toBeUndefined();
    expect(stats.updating).toBeUndefined();
    expect(queue.updating).toBeUndefined();
    const rows = deriveTrackList(lib.db).rows;
    expect(lib.db.prepare('SELECT * FROM track_list ORDER BY track_id').all()).toEqual(rows);
    const toReview = rows.filter((r) => r.status === 'review').length;
    expect(stats.reviewQueue).toBe(toReview);
    expect(queue.total).toBe(toReview);
  });

  it('starts the refresh when a read finds a change no one announced (another process wrote it)', async () => {
    const other = openLibrary(lib.dbPath); // as `genrewise settings` would, while serve runs
    try {
      setSetting(other, 'reviewThreshold', 0.7);
    } finally {
      other.close();
    }
    expect((await service.handlers['tracks.query']({ limit: 50 })).updating).toBe(true);
    while (!reasons.includes('index')) await nextTurn();
    const page = await service.handlers['tracks.query']({ limit: 50 });
    expect(page.updating).toBeUndefined();
    expect(lib.db.prepare('SELECT * FROM track_list ORDER BY track_id').all()).toEqual(deriveTrackList(lib.db).rows);
  });
});

/**
 * Issue 15: SQLite checkpointed the WAL inside whichever step's commit took it past 1,000 pages,
 * so that step stalled requests for its own work and the copy besides. The keeper now turns the
 * connection's automatic checkpoints off while it runs, checkpoints between steps in a turn of
 * their own (every few thousand pages of WAL, so not after every small step) and after the last,
 * and puts the setting back when done.
 */
describe('the background refresh checkpoints between its steps', () => {
  let lib: TempLibrary;
  beforeEach(() => {
    lib = tempLibrary();
    generateLibrary(lib.db, 3000);
    refreshReviewOrder(lib.db);
  });
  afterEach(() => lib.close());

  it('never in a step, every few steps and after the last, and restores the automatic checkpoints', async () => {
    const events: string[] = [];
    const pragma = lib.db.pragma.bind(lib.db);
    lib.db.pragma = ((source: string, options?: { simple?: boolean }) => {
      if (source.startsWith('wal_checkpoint')) events.push('checkpoint');
      return pragma(source, options);
    }) as typeof lib.db.pragma;
    const autocheckpoint = (): unknown => pragma('wal_autocheckpoint', { simple: true });
    const before = autocheckpoint();
    const keeper = new RefreshKeeper(
      lib.db,
      () => undefined,
      (err) => {
        throw err;
      },
    );
    try {
      setSetting(lib.db, 'reviewThreshold', 0.66);
      await keeper.settle(() => events.push(`step, automatic checkpoints at ${String(autocheckpoint())}`));
    } finally {
      await keeper.stop();
    }
    const steps = events.filter((e) => e !== 'checkpoint');
    const checkpoints = events.length - steps.length;
    expect(steps.length).toBeGreaterThanOrEqual(3);
    expect(new Set(steps)).toEqual(new Set(['step, automatic checkpoints at 0']));
    // The first after the first step (it learns how many pages a step writes), then fewer than one a step.
    expect(events.slice(0, 2)).toEqual([steps[0], 'checkpoint']);
    expect(checkpoints).toBeGreaterThanOrEqual(2);
    expect(checkpoints).toBeLessThan(steps.length);
    expect(events.at(-1)).toBe('checkpoint');
    expect(autocheckpoint()).toBe(before);
  });
});
