import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONTEXT_PARAMS } from '../../core/learning/context-params.js';
import { setSetting } from '../../core/library/settings.js';
import { reviewQueue } from '../../core/review/queue.js';
import { teachingOrder, type TeachingTrack } from '../../core/review/teaching-order.js';
import { refreshInBackground, refreshStep } from '../../core/review/refresh-mode.js';
import { refreshReviewOrder, SWEEP_TRACKS } from '../../core/review/review-order.js';
import { REVIEW_ORDER_WHOLE_AT, TEACHING_COMPONENT_SQL } from '../../core/review/schema.js';
import { deriveTrackList, refreshTrackList, STEP_CHUNKS, STEP_PIECES } from '../../core/review/track-list.js';
import { storedRule } from '../../core/review/track-list-rule.js';
import { queryTracks } from '../../core/review/track-query.js';
import { generateLibrary } from '../helpers/large-library.js';
import { tempLibrary, type TempLibrary } from '../helpers/library.js';

type Row = [number, string, string | null, number | null, number, number, number, number, string];

/**
 * The queue's order as it was derived before review_order kept it: the greedy over every present
 * track with a prediction or a decision, read whole, the tracks whose status is `review` its
 * candidates. Written out here on its own, so the stored order is checked against it.
 */
function derivedOrder(db: Database.Database): number[] {
  refreshTrackList(db);
  const rows = db
    .prepare(
      `SELECT track_id, album_group, artist_group, belief, informed, unfamiliar, labelled, decided, status
         FROM track_list WHERE status <> 'gone' AND (predicted IS NOT NULL OR decided = 1) ORDER BY track_id`,
    )
    .raw()
    .all() as Row[];
  const numbering = (keys: (string | null)[]): number[] => {
    const ids = new Map<string, number>();
    return keys.map((k) => (k === null ? -1 : (ids.get(k) ?? ids.set(k, ids.size).get(k)!)));
  };
  const albums = numbering(rows.map((r) => r[1]));
  const artists = numbering(rows.map((r) => r[2]));
  const tracks: TeachingTrack[] = rows.map((r, i) => ({
    id: r[0],
    uncertainty: r[7] === 1 ? 0 : 1 - (r[3] ?? 0),
    album: albums[i]!,
    artist: artists[i]!,
    candidate: r[8] === 'review',
    labelled: r[6] === 1,
    informed: r[4] === 1,
    unfamiliar: r[5] === 1,
  }));
  const settling = { album: CONTEXT_PARAMS.albumCoherence, artist: CONTEXT_PARAMS.artistCoherence };
  return teachingOrder(tracks, settling).map((i) => tracks[i]!.id);
}

function queueIds(db: Database.Database): number[] {
  return reviewQueue(db).items.map((item) => item.id);
}

/**
 * Issue 15: the teaching order is kept in review_order and recomputed per artist after a write.
 * Whatever is written, the stored order must equal the order derived from scratch.
 */
describe('the stored review order', () => {
  let lib: TempLibrary;
  const decide = (id: number, genre: string | null): void => {
    lib.db
      .prepare(
        `INSERT INTO decisions (track_id, action, genre, source, decided_at) VALUES (?, ?, ?, 'user', '2026-01-01')
         ON CONFLICT(track_id) DO UPDATE SET action = excluded.action, genre = excluded.genre`,
      )
      .run(id, genre === null ? 'skip' : 'choose', genre);
  };
  const queued = (): number[] => queueIds(lib.db);
  /** The context model's prediction becomes the current one of every `mod`-th track. */
  const inform = (mod: number): void => {
    lib.db
      .prepare(
        `INSERT OR IGNORE INTO predictions (track_id, model_id, analysis_id, genre, probability, ood_score, confidence, probabilities, windows, predicted_at)
         SELECT track_id, 'library-context', analysis_id, genre, probability, ood_score, confidence * 0.97, probabilities, windows, predicted_at
           FROM predictions WHERE model_id = 'gtzan-svc' AND track_id % ? = 0`,
      )
      .run(mod);
    lib.db
      .prepare(
        "UPDATE current_predictions SET model_id = 'library-context', confidence = confidence * 0.97 WHERE track_id % ? = 0",
      )
      .run(mod);
  };

  beforeEach(() => {
    lib = tempLibrary();
    generateLibrary(lib.db, 2500);
    // Real libraries have artists with several albums of several tracks: group the generated ones so.
    lib.db
      .prepare(
        "UPDATE tracks SET artist = 'Artist ' || (id % 37), album = 'Album ' || (id % 5) WHERE artist IS NOT NULL AND id % 11 <> 0",
      )
      .run();
    // Some predictions already weigh the decisions (the library-context model's).
    lib.db
      .prepare(
        "INSERT OR IGNORE INTO models (id, role, kind, path, card, created_at) VALUES ('library-context', 'context', 'context', 'x', '{}', '2026-01-01')",
      )
      .run();
    inform(7);
  });
  afterEach(() => lib.close());

  it('equals the derived order on a generated library, whole and page by page', () => {
    const derived = derivedOrder(lib.db);
    expect(derived.length).toBeGreaterThan(1000);
    expect(queued()).toEqual(derived);
    expect(reviewQueue(lib.db, { limit: 50 }).total).toBe(derived.length);
    const pages = [0, 40, 80].flatMap((offset) => reviewQueue(lib.db, { offset, limit: 40 }).items.map((i) => i.id));
    expect(pages).toEqual(derived.slice(0, 120));
  });

  it('stays equal after decisions, undone decisions and skips', () => {
    queued();
    const first = derivedOrder(lib.db);
    // The queue's head, a neighbour on its album and a track far down: each re-orders its artist.
    for (const id of [first[0]!, first[1]!, first[first.length - 1]!]) decide(id, 'jazz');
    expect(queued()).toEqual(derivedOrder(lib.db));
    decide(first[5]!, null);
    lib.db.prepare('DELETE FROM decisions WHERE track_id = ?').run(first[0]!);
    expect(queued()).toEqual(derivedOrder(lib.db));
  });

  it('stays equal after a new threshold', () => {
    queued();
    setSetting(lib.db, 'reviewThreshold', 0.65);
    const derived = derivedOrder(lib.db);
    expect(queued()).toEqual(derived);
    setSetting(lib.db, 'reviewThreshold', 0.4);
    expect(derivedOrder(lib.db).length).toBeLessThan(derived.length);
    expect(queued()).toEqual(derivedOrder(lib.db));
  });

  it('stays equal after re-predictions of some tracks and of all', () => {
    queued();
    lib.db.prepare('UPDATE current_predictions SET confidence = confidence * 0.8 WHERE track_id % 9 = 0').run();
    expect(queued()).toEqual(derivedOrder(lib.db));
    // The model's belief (what the order weighs) comes from the prediction's probability.
    lib.db.prepare('UPDATE predictions SET probability = probability * 0.9 WHERE track_id % 6 = 0').run();
    expect(queued()).toEqual(derivedOrder(lib.db));
    lib.db.prepare('UPDATE predictions SET probability = probability * 0.95, ood_score = ood_score * 1.1').run();
    expect(queued()).toEqual(derivedOrder(lib.db));
    lib.db.prepare('UPDATE current_predictions SET confidence = min(1, confidence * 1.1)').run();
    inform(4);
    expect(queued()).toEqual(derivedOrder(lib.db));
  });

  it('stays equal when tags move tracks to another artist or album, and when files go', () => {
    queued();
    lib.db.prepare("UPDATE tracks SET artist = 'Artist 3' WHERE id % 37 = 5 AND id % 2 = 0").run();
    lib.db.prepare("UPDATE tracks SET album = 'Elsewhere', artist = NULL WHERE id % 101 = 7").run();
    lib.db.prepare("UPDATE tracks SET status = 'gone' WHERE id % 53 = 1").run();
    expect(queued()).toEqual(derivedOrder(lib.db));
    lib.db.prepare('DELETE FROM tracks WHERE id % 59 = 2').run();
    expect(queued()).toEqual(derivedOrder(lib.db));
  });

  it("follows another connection's writes", () => {
    queued();
    const other = new Database(lib.dbPath);
    try {
      const head = derivedOrder(lib.db).slice(0, 3);
      other
        .prepare(
          "INSERT INTO decisions (track_id, action, genre, source, decided_at) SELECT value, 'choose', 'blues', 'user', '2026-01-01' FROM json_each(?)",
        )
        .run(JSON.stringify(head));
    } finally {
      other.close();
    }
    expect(queued()).toEqual(derivedOrder(lib.db));
  });

  it('recomputes the whole order when more components changed than the triggers record', () => {
    // Ungrouped, the generated library has about one component per track.
    lib.db.prepare("UPDATE tracks SET artist = 'Solo ' || id, album = 'Single ' || id WHERE artist IS NOT NULL").run();
    queued();
    lib.db.prepare('UPDATE predictions SET probability = probability * 0.97').run();
    refreshTrackList(lib.db);
    expect(lib.db.prepare('SELECT count(*) FROM review_order_dirty').pluck().get()).toBe(REVIEW_ORDER_WHOLE_AT);
    expect(queued()).toEqual(derivedOrder(lib.db));
  });

  it('recomputes the whole order when the settling shares it was stored with differ', () => {
    queued();
    lib.db.prepare("UPDATE review_order_rule SET stamp = 'older'").run();
    lib.db.prepare('UPDATE review_order SET value = 0').run();
    expect(queued()).toEqual(derivedOrder(lib.db));
  });
});

/** What a refresh has left to do, as the library records it. */
function workLeft(db: Database.Database): { rows: number; order: unknown[] } {
  const count = (table: string): number => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  const after = storedRule(db)?.after ?? null;
  const swept =
    after === null
      ? 0
      : (db.prepare('SELECT count(*) FROM track_list WHERE track_id > ?').pluck().get(after) as number);
  return {
    rows: count('track_list_dirty') + count('track_list_prediction_dirty') + swept,
    order: [
      db.prepare('SELECT stamp FROM review_order_rule').pluck().get(),
      db.prepare('SELECT n, component FROM review_order_dirty ORDER BY n').raw().all(),
    ],
  };
}

/**
 * Issue 15: after a re-learn or a new threshold the service brings the rows and the order up to
 * date in steps, between which it answers queries (core/service/refresh-keeper.ts runs these same
 * steps). A read meanwhile does at most one step's work (only what is left when that finishes
 * it), answers with the rows as they are and says `updating`; after the last step every row and
 * the order equal a computation from scratch.
 */
describe('the stored review order, kept current in the background', () => {
  let lib: TempLibrary;
  beforeEach(() => {
    lib = tempLibrary();
    generateLibrary(lib.db, 3000);
    lib.db
      .prepare(
        "UPDATE tracks SET artist = 'Artist ' || (id % 41), album = 'Album ' || (id % 6) WHERE artist IS NOT NULL AND id % 13 <> 0",
      )
      .run();
    refreshReviewOrder(lib.db); // to the end, as a fresh library's first read does
    refreshInBackground(lib.db, () => undefined); // the test runs the steps itself
  });
  afterEach(() => lib.close());

  /** Runs the background steps to the end, reading the table and the queue between every two. */
  function stepWithReads(midway?: (step: number) => void): { steps: number; updating: number } {
    let steps = 0;
    let updating = 0;
    for (;;) {
      const before = workLeft(lib.db);
      const page = queryTracks(lib.db, { limit: 50, sort: 'confidence' });
      const queue = reviewQueue(lib.db, { limit: 20 });
      const after = workLeft(lib.db);
      expect(before.rows - after.rows).toBeLessThanOrEqual(STEP_CHUNKS.predictions);
      if (page.updating) updating++;
      // A sweep of the order is never a read's to do.
      if (queue.updating) expect(after.order[0]).toEqual(before.order[0]);
      midway?.(steps);
      if (refreshStep(lib.db) === 0) break;
      steps++;
    }
    return { steps, updating };
  }

  function expectFromScratch(): void {
    const page = queryTracks(lib.db, { limit: 10 });
    const queue = reviewQueue(lib.db);
    expect(page.updating).toBeUndefined();
    expect(queue.updating).toBeUndefined();
    expect(lib.db.prepare('SELECT * FROM track_list ORDER BY track_id').all()).toEqual(deriveTrackList(lib.db).rows);
    expect(queue.items.map((item) => item.id)).toEqual(derivedOrder(lib.db));
    expect(queue.total).toBe(derivedOrder(lib.db).length);
  }

  it('after a new threshold: reads do at most a step, say updating, and the end is exact', () => {
    setSetting(lib.db, 'reviewThreshold', 0.66);
    refreshStep(lib.db); // what the settings handler does: start the sweep of every status, and its first step
    // At most a step's rows; fewer when the step's time budget ran out first (a loaded machine).
    expect(workLeft(lib.db).rows).toBeGreaterThanOrEqual(3000 - STEP_CHUNKS.predictions);
    expect(workLeft(lib.db).rows).toBeLessThanOrEqual(3000 - STEP_PIECES.predictions);
    const { steps, updating } = stepWithReads();
    // 3,000 statuses in steps of at most 1,000: the reads with more than 1,000 left said
    // updating; the one with 1,000 or fewer left finished them (and the few components they
    // re-order) itself.
    expect(steps).toBeGreaterThanOrEqual(1);
    expect(updating).toBeGreaterThanOrEqual(1);
    expectFromScratch();
  });

  it('stops a step at its time budget, after one piece, and still ends exact', () => {
    setSetting(lib.db, 'reviewThreshold', 0.66);
    refreshStep(lib.db, 0);
    expect(workLeft(lib.db).rows).toBe(3000 - STEP_PIECES.predictions);
    refreshStep(lib.db, Number.POSITIVE_INFINITY);
    expect(workLeft(lib.db).rows).toBe(3000 - STEP_PIECES.predictions - STEP_CHUNKS.predictions);
    stepWithReads();
    expectFromScratch();
  });

  it('stops a sweep of the order at its time budget, after one piece of whole components', () => {
    lib.db.prepare("UPDATE review_order_rule SET stamp = 'older'").run();
    const swept = (): number => {
      const stamp = lib.db.prepare('SELECT stamp FROM review_order_rule').pluck().get() as string;
      const { after } = JSON.parse(stamp) as { after: string };
      const count = `SELECT count(*) FROM track_list WHERE ${TEACHING_COMPONENT_SQL} <= ?`;
      return lib.db.prepare(count).pluck().get(after) as number;
    };
    refreshStep(lib.db, 0);
    const first = swept();
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(SWEEP_TRACKS / 2);
    refreshStep(lib.db, Number.POSITIVE_INFINITY);
    expect(swept() - first).toBeGreaterThanOrEqual(SWEEP_TRACKS);
    stepWithReads();
    expectFromScratch();
  });

  it('after a new threshold set again half-way through the sweep of the first', () => {
    setSetting(lib.db, 'reviewThreshold', 0.66);
    refreshStep(lib.db);
    stepWithReads((step) => {
      if (step === 0) setSetting(lib.db, 'reviewThreshold', 0.45);
    });
    expectFromScratch();
  });

  it('after a re-learn changed every prediction, with decisions made while it runs', () => {
    lib.db.prepare('UPDATE current_predictions SET confidence = confidence * 0.93').run();
    lib.db.prepare('UPDATE predictions SET probability = probability * 0.93, ood_score = ood_score * 1.05').run();
    const head = reviewQueue(lib.db, { limit: 3 }).items.map((item) => item.id);
    const { steps } = stepWithReads((step) => {
      const id = head[step];
      if (id !== undefined)
        lib.db
          .prepare(
            "INSERT INTO decisions (track_id, action, genre, source, decided_at) VALUES (?, 'choose', 'jazz', 'user', '2026-01-01')",
          )
          .run(id);
    });
    expect(steps).toBeGreaterThanOrEqual(5);
    expectFromScratch();
  });

  it('after a change of the greedy, swept component by component', () => {
    lib.db.prepare("UPDATE review_order_rule SET stamp = 'older'").run();
    lib.db.prepare('UPDATE review_order SET value = 0').run();
    expect(reviewQueue(lib.db, { limit: 5 }).updating).toBe(true);
    expect(stepWithReads().steps).toBeGreaterThanOrEqual(2);
    expectFromScratch();
  });

  it('finishes a small change within the read itself: a decision shows at once', () => {
    const [first] = reviewQueue(lib.db, { limit: 1 }).items;
    lib.db
      .prepare(
        "INSERT INTO decisions (track_id, action, genre, source, decided_at) VALUES (?, 'choose', 'blues', 'user', '2026-01-01')",
      )
      .run(first!.id);
    const queue = reviewQueue(lib.db, { limit: 5 });
    expect(queue.updating).toBeUndefined();
    expect(workLeft(lib.db).rows).toBe(0);
    expect(queue.items.map((item) => item.id)).toEqual(derivedOrder(lib.db).slice(0, 5));
  });
});
