import type { Database } from 'better-sqlite3';
import type { TagChange, TagWriteOptions, TagWritePlan } from '../../shared/api/types.js';
import { displayName, getSettings } from '../library/settings.js';
import type { WriteItem } from './write-item.js';
import { planGenreChange } from './modes.js';

interface Candidate {
  id: number;
  path: string;
  size: number;
  mtime_ms: number;
  genres: string;
  d_action: string | null;
  d_genre: string | null;
  p_genre: string | null;
  p_confidence: number | null;
  p_unfamiliar: number | null;
}

export interface WriteSelection {
  readonly items: WriteItem[];
  readonly changes: TagChange[];
  /** Present tracks considered but left alone (nothing decided or confident, or no change). */
  readonly skipped: number;
}

/**
 * What a tag-write batch would write: for every present track, the decided genre (accept,
 * choose; a keep decision leaves the file's values as they are) or, unless only decided tracks are asked for, the current prediction when it is
 * confident enough and not unlike the training music. Skip decisions are never written. Our ids
 * become display names; personal-model genres are written as the user spells them. The mode then
 * decides the final list for each file (modes.ts).
 */
export function selectTagWrites(db: Database, options: TagWriteOptions): WriteSelection {
  const settings = getSettings(db);
  const minConfidence = options.minConfidence ?? settings.acceptThreshold;
  const rows = db
    .prepare(
      `SELECT t.id, t.path, t.size, t.mtime_ms, t.genres, d.action AS d_action, d.genre AS d_genre,
              p.genre AS p_genre, p.confidence AS p_confidence, p.unfamiliar AS p_unfamiliar
         FROM tracks t
         LEFT JOIN decisions d ON d.track_id = t.id
         LEFT JOIN current_predictions p ON p.track_id = t.id
        WHERE t.status = 'present'
        ORDER BY t.path`,
    )
    .all() as Candidate[];
  const items: WriteItem[] = [];
  const changes: TagChange[] = [];
  let skipped = 0;
  for (const row of rows) {
    let genre: string | null = null;
    if (row.d_action !== null) {
      // keep: the file's own genre values stay exactly as they are (all of them), so nothing to write.
      genre = row.d_action === 'skip' || row.d_action === 'keep' ? null : row.d_genre;
    } else if (
      !options.onlyDecided &&
      row.p_genre !== null &&
      (row.p_confidence ?? 0) >= minConfidence &&
      !row.p_unfamiliar
    ) {
      genre = row.p_genre;
    }
    const current = JSON.parse(row.genres) as string[];
    const next = genre === null ? null : planGenreChange(current, [displayName(settings, genre)], options.mode);
    if (next === null) {
      skipped++;
      continue;
    }
    items.push({
      trackId: row.id,
      path: row.path,
      expectedSize: row.size,
      expectedMtimeMs: row.mtime_ms,
      genres: next,
    });
    changes.push({ trackId: row.id, path: row.path, before: current, after: next });
  }
  return { items, changes, skipped };
}

export function planTagWrites(db: Database, options: TagWriteOptions): TagWritePlan {
  const { changes, skipped } = selectTagWrites(db, options);
  return { changes, skipped };
}
