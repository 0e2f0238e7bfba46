import type { Database } from 'better-sqlite3';
import { genreIdForTag, getSettings } from '../library/settings.js';
import { chooseSpellings, genreKey, tidyGenre } from './genre-vocabulary.js';

/**
 * The labels a personal model may learn from, one per track:
 *
 * - User decisions (decisions.source = 'user'): accept → the genre predicted when the user
 *   accepted it (stored with the decision), choose → the chosen genre, keep → the file's genre
 *   the user confirmed. These always win over the file's tags.
 * - A user `skip` gives no label and also blocks the tag: the user saw the track and its tag in
 *   review and chose neither to keep nor to correct it, so the tag is not trusted either.
 * - Bulk accepts (source 'model') are not trusted: they are the model's own confident guesses,
 *   and learning from them would only teach the personal model to repeat the default model's
 *   mistakes with more confidence. Such a track can still be labelled by its tag.
 * - With `fromTags`, every other present track's existing genre tag: its first value, mapped
 *   through the alias table to our genre id when an alias matches, else kept in the user's own
 *   spelling ("Synthwave", "Soundtrack", "Bossa Nova").
 *
 * Spellings that differ only in case or spacing are one genre, named by the most common spelling
 * (genre-vocabulary.ts).
 */

export type LabelSource = 'decision' | 'tag';

export interface TrustedLabel {
  readonly trackId: number;
  readonly genre: string;
  readonly source: LabelSource;
}

export interface LabelOptions {
  /** Also trust the first genre tag of tracks without a user decision. */
  readonly fromTags?: boolean;
}

interface DecisionRow {
  track_id: number;
  action: 'accept' | 'choose' | 'keep' | 'skip';
  genre: string | null;
}

interface TagRow {
  id: number;
  genres: string;
}

function firstTagValue(json: string): string | undefined {
  const values: unknown = JSON.parse(json);
  if (!Array.isArray(values)) return undefined;
  const first: unknown = values[0];
  return typeof first === 'string' && tidyGenre(first) !== '' ? first : undefined;
}

/** Trusted labels of present tracks, ordered by track id. */
export function collectTrustedLabels(db: Database, options: LabelOptions = {}): TrustedLabel[] {
  const raw = new Map<number, { genre: string; source: LabelSource }>();
  const decided = new Set<number>();
  const decisions = db
    .prepare(
      `SELECT d.track_id, d.action, d.genre FROM decisions d JOIN tracks t ON t.id = d.track_id
        WHERE d.source = 'user' AND t.status = 'present' ORDER BY d.track_id`,
    )
    .all() as DecisionRow[];
  for (const d of decisions) {
    decided.add(d.track_id);
    if (d.action !== 'skip' && d.genre !== null && tidyGenre(d.genre) !== '')
      raw.set(d.track_id, { genre: d.genre, source: 'decision' });
  }
  if (options.fromTags) {
    const settings = getSettings(db);
    const tagged = db
      .prepare("SELECT id, genres FROM tracks WHERE status = 'present' AND genres <> '[]' ORDER BY id")
      .all() as TagRow[];
    for (const t of tagged) {
      if (decided.has(t.id)) continue;
      const first = firstTagValue(t.genres);
      if (first === undefined) continue;
      raw.set(t.id, { genre: genreIdForTag(settings, first) ?? first, source: 'tag' });
    }
  }
  const spelling = chooseSpellings([...raw.values()].map((l) => l.genre));
  return [...raw.entries()]
    .sort(([a], [b]) => a - b)
    .map(([trackId, l]) => ({
      trackId,
      genre: spelling.get(genreKey(l.genre)) ?? tidyGenre(l.genre),
      source: l.source,
    }));
}
