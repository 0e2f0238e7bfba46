import type { Database } from 'better-sqlite3';
import type { AcceptPreview, CountBy, Decision, DecisionGroup } from '../../shared/api/types.js';
import { record } from '../decisions/decisions.js';
import { acceptCandidates } from './bulk-accept.js';

/**
 * Taking decisions back: clearing them (the track returns to undecided) and undoing a group of
 * them (one decision, or every track of one bulk accept) to what each track had before.
 *
 * The decision log stays append-only and always ends in a track's current state: a clear is
 * logged as action 'clear', an undo logs the decision it restores under that decision's own
 * time. So a group in the history is every logged decision made at one moment from one source.
 */

const REAL_ACTIONS = "('accept', 'choose', 'keep', 'skip')";

/** What a bulk accept at `threshold` would do, before doing it: how many tracks, which genres. */
export function previewAcceptAbove(db: Database, threshold: number): AcceptPreview {
  const candidates = acceptCandidates(db, threshold);
  const counts = new Map<string, number>();
  for (const c of candidates) counts.set(c.genre, (counts.get(c.genre) ?? 0) + 1);
  const byGenre = [...counts].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count);
  return { count: candidates.length, byGenre };
}

/** Removes the decisions of these tracks (they go back to the queue when they need review). */
export function clearDecisions(db: Database, trackIds: readonly number[]): number {
  const at = new Date().toISOString();
  const remove = db.prepare('DELETE FROM decisions WHERE track_id = ?');
  const log = db.prepare(
    "INSERT INTO decision_log (track_id, action, genre, source, decided_at) VALUES (?, 'clear', NULL, 'user', ?)",
  );
  return db.transaction(() => {
    let cleared = 0;
    for (const id of new Set(trackIds)) {
      if (remove.run(id).changes > 0) {
        log.run(id, at);
        cleared++;
      }
    }
    return cleared;
  })();
}

interface GroupRow {
  at: string;
  source: Decision['source'];
  n: number;
  current: number;
  trackId: number;
  action: Decision['action'];
  title: string | null;
  path: string;
}

/** The latest decision groups, newest first, each with how many of its decisions still stand. */
export function decisionHistory(db: Database, limit = 50): DecisionGroup[] {
  const groups = db
    .prepare(
      `SELECT g.*, t.title, t.path FROM (
         SELECT l.decided_at AS at, l.source, count(DISTINCT l.track_id) AS n,
                count(DISTINCT CASE WHEN d.decided_at = l.decided_at AND d.source = l.source THEN l.track_id END)
                  AS current,
                min(l.track_id) AS trackId, min(l.action) AS action
           FROM decision_log l
           LEFT JOIN decisions d ON d.track_id = l.track_id
          WHERE l.action IN ${REAL_ACTIONS}
          GROUP BY l.decided_at, l.source
          ORDER BY l.decided_at DESC
          LIMIT ?) g
       JOIN tracks t ON t.id = g.trackId
       ORDER BY g.at DESC`,
    )
    .all(limit) as GroupRow[];
  const genres = db.prepare(
    `SELECT coalesce(genre, '') AS key, count(DISTINCT track_id) AS count FROM decision_log
      WHERE decided_at = ? AND source = ? AND action IN ${REAL_ACTIONS}
      GROUP BY genre ORDER BY count DESC, key`,
  );
  return groups.map((g) => ({
    decidedAt: g.at,
    source: g.source,
    count: g.n,
    current: g.current,
    byGenre: (genres.all(g.at, g.source) as CountBy[]).filter((c) => c.key !== ''),
    track: g.n === 1 ? { id: g.trackId, title: g.title, path: g.path, action: g.action } : null,
  }));
}

interface LogRow {
  id: number;
  action: string;
  genre: string | null;
  source: Decision['source'];
  decided_at: string;
}

/**
 * Undoes the group decided at `decidedAt` by `source`: each track whose current decision is still
 * that one gets back what it had before (an earlier decision, or none). Returns how many changed.
 */
export function undoDecisionGroup(db: Database, decidedAt: string, source: Decision['source']): number {
  const tracks = db
    .prepare('SELECT track_id FROM decisions WHERE decided_at = ? AND source = ?')
    .pluck()
    .all(decidedAt, source) as number[];
  const thisOne = db.prepare('SELECT max(id) FROM decision_log WHERE track_id = ? AND decided_at = ? AND source = ?');
  const before = db.prepare(
    'SELECT id, action, genre, source, decided_at FROM decision_log WHERE track_id = ? AND id < ? ORDER BY id DESC LIMIT 1',
  );
  return db.transaction(() => {
    for (const trackId of tracks) {
      const logId = thisOne.pluck().get(trackId, decidedAt, source) as number | null;
      const previous = logId === null ? undefined : (before.get(trackId, logId) as LogRow | undefined);
      if (!previous || previous.action === 'clear') {
        clearDecisions(db, [trackId]);
        continue;
      }
      record(db, {
        trackId,
        action: previous.action as Decision['action'],
        genre: previous.genre,
        source: previous.source,
        modelId: null,
        confidence: null,
        decidedAt: previous.decided_at,
      });
    }
    return tracks.length;
  })();
}
