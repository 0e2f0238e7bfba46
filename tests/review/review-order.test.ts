import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_DISPLAY_NAMES, GTZAN_GENRES } from '../../shared/genres.js';
import { ANALYZER_VERSION } from '../../shared/features.js';
import { WINDOW_POLICY_ID } from '../../core/analysis/windows.js';
import { CONTEXT_PARAMS } from '../../core/learning/context-params.js';
import { setSetting } from '../../core/library/settings.js';
import { reviewQueue } from '../../core/review/queue.js';
import { REVIEW_ORDER_WHOLE_AT } from '../../core/review/schema.js';
import { teachingOrder, type TeachingTrack } from '../../core/review/teaching-order.js';
import { refreshTrackList } from '../../core/review/track-list.js';
import { buildLargeLibrary } from '../../scripts/bench/lib/large-library.js';
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
    buildLargeLibrary(lib.db, {
      tracks: 2500,
      vocabulary: {
        genres: GTZAN_GENRES,
        displayNames: DEFAULT_DISPLAY_NAMES,
        analyzerVersion: ANALYZER_VERSION,
        windowPolicy: WINDOW_POLICY_ID,
      },
    });
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
