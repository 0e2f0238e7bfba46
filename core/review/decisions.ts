import type { Database } from 'better-sqlite3';
import type { Decision, DecisionInput } from '../../shared/api/types.js';
import { getSettings, genreIdForTag } from '../library/settings.js';
import { tagAgrees } from './tag-agreement.js';

export class DecisionError extends Error {
  override name = 'DecisionError';
}

interface DecisionRow {
  action: Decision['action'];
  genre: string | null;
  source: Decision['source'];
  decided_at: string;
}

export function getDecision(db: Database, trackId: number): Decision | null {
  const row = db.prepare('SELECT action, genre, source, decided_at FROM decisions WHERE track_id = ?').get(trackId) as
    DecisionRow | undefined;
  return row ? { action: row.action, genre: row.genre, source: row.source, decidedAt: row.decided_at } : null;
}

/**
 * Normalises a genre the user typed: one of our ids, an alias or display name of one (→ the id),
 * or else the user's own spelling (personal-model vocabulary such as "Bossa Nova").
 */
export function normaliseGenreChoice(db: Database, typed: string): string {
  const value = typed.trim();
  if (!value) throw new DecisionError('a genre name cannot be empty');
  return genreIdForTag(getSettings(db), value) ?? value;
}

interface TrackForDecision {
  genres: string;
  predicted: string | null;
  confidence: number | null;
  model_id: string | null;
}

/**
 * Records a decision. User decisions always win: a later model decision (bulk accept) never
 * replaces one, and later predictions never touch the decisions table at all.
 */
export function decide(
  db: Database,
  trackId: number,
  input: DecisionInput,
  source: Decision['source'] = 'user',
): Decision {
  const track = db
    .prepare(
      `SELECT t.genres, p.genre AS predicted, p.confidence, p.model_id
         FROM tracks t LEFT JOIN current_predictions p ON p.track_id = t.id
        WHERE t.id = ?`,
    )
    .get(trackId) as TrackForDecision | undefined;
  if (!track) throw new DecisionError(`no track with id ${trackId}`);

  let genre: string | null;
  switch (input.action) {
    case 'accept':
      if (track.predicted === null)
        throw new DecisionError(`track ${trackId} has no prediction to accept; analyse it first`);
      genre = track.predicted;
      break;
    case 'keep': {
      const current = JSON.parse(track.genres) as string[];
      const first = current[0];
      if (first === undefined) throw new DecisionError(`track ${trackId} has no genre tag to keep`);
      genre = genreIdForTag(getSettings(db), first) ?? first;
      break;
    }
    case 'choose':
      genre = normaliseGenreChoice(db, input.genre);
      break;
    case 'skip':
      genre = null;
      break;
  }

  const decidedAt = new Date().toISOString();
  db.transaction(() => {
    if (source === 'model') {
      const existing = db.prepare('SELECT source FROM decisions WHERE track_id = ?').get(trackId) as
        { source: string } | undefined;
      if (existing?.source === 'user') return;
    }
    db.prepare(
      `INSERT INTO decisions (track_id, action, genre, source, model_id, confidence, decided_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(track_id) DO UPDATE SET action = excluded.action, genre = excluded.genre, source = excluded.source,
         model_id = excluded.model_id, confidence = excluded.confidence, decided_at = excluded.decided_at`,
    ).run(trackId, input.action, genre, source, track.model_id, track.confidence, decidedAt);
    db.prepare('INSERT INTO decision_log (track_id, action, genre, source, decided_at) VALUES (?, ?, ?, ?, ?)').run(
      trackId,
      input.action,
      genre,
      source,
      decidedAt,
    );
  })();
  return getDecision(db, trackId) ?? { action: input.action, genre, source, decidedAt };
}

/**
 * Bulk accept: every present track whose prediction is at least `threshold`, familiar, and not
 * contradicted by the file's current genre tag, and that the user has not decided yet, gets an
 * `accept` decision with source `model`. A confident prediction that disagrees with the user's
 * own tag stays in the review queue for a person to settle.
 */
export function acceptAbove(db: Database, threshold: number): number {
  if (!(threshold >= 0 && threshold <= 1))
    throw new DecisionError(`threshold must be between 0 and 1, got ${threshold}`);
  const decidedAt = new Date().toISOString();
  return db.transaction(() => {
    const candidates = db
      .prepare(
        `SELECT p.track_id AS id, p.genre, p.model_id, p.confidence, t.genres
           FROM current_predictions p
           JOIN tracks t ON t.id = p.track_id AND t.status = 'present'
           LEFT JOIN decisions d ON d.track_id = p.track_id
          WHERE p.confidence >= ? AND p.unfamiliar = 0 AND (d.track_id IS NULL OR d.source = 'model')`,
      )
      .all(threshold) as { id: number; genre: string; model_id: string; confidence: number; genres: string }[];
    const settings = getSettings(db);
    const agreeing = candidates.filter((c) => {
      const current = JSON.parse(c.genres) as string[];
      return current.length === 0 || tagAgrees(settings, current, c.genre);
    });
    const upsert = db.prepare(
      `INSERT INTO decisions (track_id, action, genre, source, model_id, confidence, decided_at)
       VALUES (?, 'accept', ?, 'model', ?, ?, ?)
       ON CONFLICT(track_id) DO UPDATE SET action = 'accept', genre = excluded.genre, source = 'model',
         model_id = excluded.model_id, confidence = excluded.confidence, decided_at = excluded.decided_at`,
    );
    const log = db.prepare(
      "INSERT INTO decision_log (track_id, action, genre, source, decided_at) VALUES (?, 'accept', ?, 'model', ?)",
    );
    for (const c of agreeing) {
      upsert.run(c.id, c.genre, c.model_id, c.confidence, decidedAt);
      log.run(c.id, c.genre, decidedAt);
    }
    return agreeing.length;
  })();
}
