import type { Database } from 'better-sqlite3';
import type { ReviewItem, ReviewQuery } from '../../shared/api/types.js';
import { getSettings } from '../library/settings.js';
import { tagAgrees } from './tag-agreement.js';

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
}

export interface ReviewQueuePage {
  readonly total: number;
  readonly items: ReviewItem[];
}

/**
 * The review queue: undecided present tracks whose prediction is below the threshold or unlike
 * the training music, plus confident predictions that disagree with the file's current tag.
 * Least confident first — the decisions that teach a personal model the most come first.
 */
export function reviewQueue(db: Database, query: ReviewQuery = {}): ReviewQueuePage {
  const settings = getSettings(db);
  const below = query.below ?? settings.reviewThreshold;
  const clauses = ["t.status = 'present'", 'd.track_id IS NULL'];
  const params: (string | number)[] = [];
  if (query.genre) {
    clauses.push('p.genre = ?');
    params.push(query.genre);
  }
  if (query.artist) {
    clauses.push('(t.artist = ? COLLATE NOCASE OR t.album_artist = ? COLLATE NOCASE)');
    params.push(query.artist, query.artist);
  }
  if (query.folder) {
    const folder = query.folder.endsWith('/') ? query.folder : `${query.folder}/`;
    clauses.push("substr(t.path, 1, length(?)) = ?");
    params.push(folder, folder);
  }
  const rows = db
    .prepare(
      `SELECT t.id, t.path, t.title, t.artist, t.genres, p.genre AS predicted, p.confidence, p.source, p.unfamiliar
         FROM current_predictions p
         JOIN tracks t ON t.id = p.track_id
         LEFT JOIN decisions d ON d.track_id = t.id
        WHERE ${clauses.join(' AND ')}
        ORDER BY p.confidence ASC, p.unfamiliar DESC, t.id ASC`,
    )
    .all(...params) as QueueRow[];

  const items: ReviewItem[] = [];
  for (const row of rows) {
    const current = JSON.parse(row.genres) as string[];
    let reason: ReviewItem['reason'] | undefined;
    if (row.unfamiliar) reason = 'unfamiliar';
    else if (row.confidence < below) reason = 'low-confidence';
    else if (current.length > 0 && !tagAgrees(settings, current, row.predicted)) reason = 'disagrees-with-tag';
    if (!reason) continue;
    items.push({
      id: row.id,
      path: row.path,
      title: row.title,
      artist: row.artist,
      predicted: row.predicted,
      confidence: row.confidence,
      current,
      source: row.source,
      unfamiliar: row.unfamiliar === 1,
      reason,
    });
  }
  const offset = query.offset ?? 0;
  const limit = query.limit ?? items.length;
  return { total: items.length, items: items.slice(offset, offset + limit) };
}
