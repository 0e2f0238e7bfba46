import type { Database } from 'better-sqlite3';
import type { ReviewItem, ReviewQuery } from '../../shared/api/types.js';
import { getSettings } from '../library/settings.js';
import { registerTagAgreement } from './tag-agreement.js';

interface QueueRow {
  id: number;
  path: string;
  title: string | null;
  artist: string | null;
  genres: string;
  predicted: string;
  confidence: number;
  source: 'default' | 'personal';
  unfamiliar: number;
  reason: ReviewItem['reason'];
}

export interface ReviewQueuePage {
  readonly total: number;
  readonly items: ReviewItem[];
}

/**
 * The review queue: undecided present tracks whose prediction is below the threshold or unlike
 * the training music, plus confident predictions that disagree with the file's current tag.
 * Least confident first — the decisions that teach a personal model the most come first. The
 * rule runs in SQL (gw_tag_agrees applies the alias table), so a page of a 100,000-track queue
 * costs one indexed pass, not a scan in JavaScript.
 */
export function reviewQueue(db: Database, query: ReviewQuery = {}): ReviewQueuePage {
  registerTagAgreement(db);
  const settings = getSettings(db);
  const params: Record<string, string | number> = { below: query.below ?? settings.reviewThreshold };
  const clauses = ["t.status = 'present'", 'd.track_id IS NULL'];
  if (query.genre) {
    clauses.push('p.genre = @genre');
    params.genre = query.genre;
  }
  if (query.artist) {
    clauses.push('(t.artist = @artist COLLATE NOCASE OR t.album_artist = @artist COLLATE NOCASE)');
    params.artist = query.artist;
  }
  if (query.folder) {
    params.folder = query.folder.endsWith('/') ? query.folder : `${query.folder}/`;
    clauses.push('substr(t.path, 1, length(@folder)) = @folder');
  }
  const reason = `CASE
      WHEN p.unfamiliar = 1 THEN 'unfamiliar'
      WHEN p.confidence < @below THEN 'low-confidence'
      WHEN t.genres <> '[]' AND gw_tag_agrees(t.genres, p.genre) = 0 THEN 'disagrees-with-tag'
    END`;
  const from = `FROM current_predictions p JOIN tracks t ON t.id = p.track_id LEFT JOIN decisions d ON d.track_id = t.id
    WHERE ${clauses.join(' AND ')} AND (${reason}) IS NOT NULL`;
  const total = db.prepare(`SELECT count(*) ${from}`).pluck().get(params) as number;
  const limit = query.limit ?? -1;
  const rows = db
    .prepare(
      `SELECT t.id, t.path, t.title, t.artist, t.genres, p.genre AS predicted, p.confidence, p.source, p.unfamiliar, ${reason} AS reason
         ${from}
        ORDER BY p.confidence ASC, p.unfamiliar DESC, t.id ASC
        LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, limit, offset: query.offset ?? 0 }) as QueueRow[];
  const items = rows.map((row): ReviewItem => ({
    id: row.id,
    path: row.path,
    title: row.title,
    artist: row.artist,
    predicted: row.predicted,
    confidence: row.confidence,
    current: JSON.parse(row.genres) as string[],
    source: row.source,
    unfamiliar: row.unfamiliar === 1,
    reason: row.reason,
  }));
  return { total, items };
}
