import type { Database } from 'better-sqlite3';
import type { LearningReadiness } from '../../shared/api/types.js';
import { getSettings } from '../library/settings.js';
import { collectContextLabels } from './context-labels.js';

/**
 * Whether "Learn from my library" can work now, and if not why, before the user starts it. The
 * button runs the library-context model (context-pass.ts), which learns from one labelled track
 * per genre: it needs the labels it reads — decisions, and each undecided file's first genre
 * tag — to name at least MIN_GENRES genres among the analysed tracks. Named as the user sees them
 * (display names, never ids).
 */

export const MIN_GENRES = 2;

export function learningReadiness(db: Database): LearningReadiness {
  const names = getSettings(db).displayNames;
  const analysed = new Set(db.prepare("SELECT track_id FROM analyses WHERE status = 'ok'").pluck().all() as number[]);
  const counts = new Map<string, number>();
  let unanalysed = 0;
  for (const label of collectContextLabels(db)) {
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
  const ready = genres.length >= MIN_GENRES;
  return { ready, minPerGenre: 1, genres, unanalysed, reason: ready ? null : notReadyReason(genres, unanalysed) };
}

function notReadyReason(genres: LearningReadiness['genres'], unanalysed: number): string {
  const have =
    genres.length > 0 ? `you have ${genres.map((g) => `${g.genre} ${g.tracks}`).join(', ')}` : 'you have none yet';
  const pending =
    unanalysed > 0 ? `; ${unanalysed} more labelled track${unanalysed === 1 ? ' is' : 's are'} not analysed yet` : '';
  return `Needs decided or tagged tracks in at least ${MIN_GENRES} genres (${have}${pending}). Decide a track of another genre in Review, or tag your files.`;
}
