import type { Database } from 'better-sqlite3';
import type { LearningReadiness } from '../../shared/api/types.js';
import { getSettings } from '../library/settings.js';
import { DEFAULT_MIN_PER_GENRE } from './training-set.js';
import { collectTrustedLabels } from './trusted-labels.js';

/**
 * Whether "learn from my library" can work now, and if not why, before the user starts it: the
 * same labels a learn job would use (decisions, and the files' tags when asked), counted per
 * genre among the analysed tracks, named as the user sees them (display names, never ids).
 */
export function learningReadiness(
  db: Database,
  options: { readonly fromTags?: boolean; readonly minPerGenre?: number } = {},
): LearningReadiness {
  const minPerGenre = options.minPerGenre ?? DEFAULT_MIN_PER_GENRE;
  const names = getSettings(db).displayNames;
  const labels = collectTrustedLabels(db, { fromTags: options.fromTags ?? false });
  const analysed = new Set(db.prepare("SELECT track_id FROM analyses WHERE status = 'ok'").pluck().all() as number[]);
  const counts = new Map<string, number>();
  let unanalysed = 0;
  for (const label of labels) {
    if (!analysed.has(label.trackId)) {
      unanalysed++;
      continue;
    }
    const name = names[label.genre] ?? label.genre;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const genres = [...counts]
    .map(([genre, tracks]) => ({ genre, tracks }))
    .sort((a, b) => b.tracks - a.tracks || a.genre.localeCompare(b.genre));
  const enough = genres.filter((g) => g.tracks >= minPerGenre).length;
  const ready = enough >= 2;
  return {
    ready,
    minPerGenre,
    genres,
    unanalysed,
    reason: ready ? null : notReadyReason(minPerGenre, genres, unanalysed),
  };
}

function notReadyReason(minPerGenre: number, genres: LearningReadiness['genres'], unanalysed: number): string {
  const have =
    genres.length > 0 ? `you have ${genres.map((g) => `${g.genre} ${g.tracks}`).join(', ')}` : 'you have none yet';
  const pending =
    unanalysed > 0 ? `; ${unanalysed} more labelled track${unanalysed === 1 ? ' is' : 's are'} not analysed yet` : '';
  return `Needs at least ${minPerGenre} decided tracks in each of 2 genres (${have}${pending}). Decide more tracks in Review, or also learn from your tags.`;
}
