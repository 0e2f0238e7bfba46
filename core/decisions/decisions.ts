import type { Database } from 'better-sqlite3';
import type { Decision, DecisionInput } from '../../shared/api/types.js';
import { tidyGenre } from '../../shared/genre-key.js';
import { getTrack } from '../library/tracks.js';
import { getCurrentPrediction } from '../prediction/current.js';
import { KindedError } from '../../shared/api/contract.js';

/**
 * The `decisions` and `decision_log` tables (schema.ts) are this module's: every read and write
 * of them is here. Other stages join the current decision through DECISION_JOIN and
 * DECISION_COLUMNS and map it with decisionFromRow.
 */

/** A decision that cannot be made (no such track, nothing to accept or keep, an empty genre). */
export class DecisionError extends KindedError {
  override name = 'DecisionError';
  constructor(message: string) {
    super('bad-request', message);
  }
}

export const DECISION_COLUMNS =
  'd.action AS d_action, d.genre AS d_genre, d.source AS d_source, d.decided_at AS d_decided_at';

export const DECISION_JOIN = 'LEFT JOIN decisions d ON d.track_id = t.id';

/** The row type of DECISION_COLUMNS (all null when the track has no decision). */
export interface DecisionColumns {
  readonly d_action: Decision['action'] | null;
  readonly d_genre: string | null;
  readonly d_source: Decision['source'] | null;
  readonly d_decided_at: string | null;
}

export function decisionFromRow(row: DecisionColumns): Decision | null {
  if (row.d_action === null) return null;
  return {
    action: row.d_action,
    genre: row.d_genre,
    source: row.d_source ?? 'user',
    decidedAt: row.d_decided_at ?? '',
  };
}

export function getDecision(db: Database, trackId: number): Decision | null {
  const row = db.prepare(`SELECT ${DECISION_COLUMNS} FROM decisions d WHERE d.track_id = ?`).get(trackId) as
    DecisionColumns | undefined;
  return row ? decisionFromRow(row) : null;
}

/**
 * A genre the user typed, stored as typed: trimmed and its inner spaces collapsed, nothing else.
 * "Metal" stays "Metal" — the alias table says which names are one genre (the same genre as GTZAN's
 * "metal" when predictions, tags and playlists compare them), it never renames the user's choice.
 */
export function normaliseGenreChoice(typed: string): string {
  const value = tidyGenre(typed);
  if (!value) throw new DecisionError('a genre name cannot be empty');
  return value;
}

export interface DecisionRecord {
  readonly trackId: number;
  readonly action: Decision['action'];
  readonly genre: string | null;
  readonly source: Decision['source'];
  readonly modelId: string | null;
  readonly confidence: number | null;
  readonly decidedAt: string;
}

/** The current decision replaced and the log appended: the one write of both tables. */
export function record(db: Database, d: DecisionRecord): void {
  db.prepare(
    `INSERT INTO decisions (track_id, action, genre, source, model_id, confidence, decided_at)
     VALUES (@trackId, @action, @genre, @source, @modelId, @confidence, @decidedAt)
     ON CONFLICT(track_id) DO UPDATE SET action = excluded.action, genre = excluded.genre, source = excluded.source,
       model_id = excluded.model_id, confidence = excluded.confidence, decided_at = excluded.decided_at`,
  ).run(d);
  db.prepare(
    'INSERT INTO decision_log (track_id, action, genre, source, decided_at) VALUES (@trackId, @action, @genre, @source, @decidedAt)',
  ).run(d);
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
  const track = getTrack(db, trackId);
  if (!track) throw new DecisionError(`no track with id ${trackId}`);
  const prediction = getCurrentPrediction(db, trackId);

  let genre: string | null;
  switch (input.action) {
    case 'accept':
      if (prediction === null)
        throw new DecisionError(`track ${trackId} has no prediction to accept; analyse it first`);
      genre = prediction.genre;
      break;
    case 'keep': {
      const first = track.genres[0];
      if (first === undefined) throw new DecisionError(`track ${trackId} has no genre tag to keep`);
      // The tag as the user spelled it (the alias table relates it to our genres; it does not rename it).
      genre = tidyGenre(first);
      break;
    }
    case 'choose':
      genre = normaliseGenreChoice(input.genre);
      break;
    case 'skip':
      genre = null;
      break;
  }

  const decidedAt = new Date().toISOString();
  db.transaction(() => {
    if (source === 'model' && getDecision(db, trackId)?.source === 'user') return;
    record(db, {
      trackId,
      action: input.action,
      genre,
      source,
      modelId: prediction?.modelId ?? null,
      confidence: prediction?.confidence ?? null,
      decidedAt,
    });
  })();
  return getDecision(db, trackId) ?? { action: input.action, genre, source, decidedAt };
}

/** A user's own decision on a present track: what learning takes as a label. */
export interface UserDecision {
  readonly trackId: number;
  readonly action: Decision['action'];
  readonly genre: string | null;
}

/**
 * The user's own decisions (not bulk accepts) on present tracks, by track id: the labels the
 * learning stage learns from.
 */
export function userDecisions(db: Database): UserDecision[] {
  return db
    .prepare(
      `SELECT d.track_id AS trackId, d.action, d.genre FROM decisions d JOIN tracks t ON t.id = d.track_id
        WHERE d.source = 'user' AND t.status = 'present' ORDER BY d.track_id`,
    )
    .all() as UserDecision[];
}

/** Changes with every decision made, changed or cleared (the log only grows). */
export function decisionsVersion(db: Database): number {
  return db.prepare('SELECT coalesce(max(id), 0) FROM decision_log').pluck().get() as number;
}
