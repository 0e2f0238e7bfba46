import type { Database } from 'better-sqlite3';
import type { Settings } from '../../shared/api/types.js';
import { genreIdForTag, getSettings } from '../library/settings.js';
import { tidyGenre } from '../../shared/genre-key.js';
import { genreKey } from './genre-vocabulary.js';
import { userDecisions } from '../decisions/decisions.js';

/**
 * The labels the library-context model learns from, in the user's own vocabulary: every user
 * decision that names a genre (accept, choose, keep) and, for tracks the user has not decided,
 * the file's first genre tag. A user `skip` blocks the tag (the user saw it and did not confirm
 * it); bulk accepts (source 'model') are the model's own guesses and teach nothing.
 *
 * Which names are one genre: the alias table decides (a tag "Heavy Metal" and a typed "metal" are
 * both the alias target "metal"), and otherwise case and spacing do not matter. How the genre is
 * NAMED is the user's choice, never the alias target: the spelling the user writes most, in
 * decisions and tags ("Metal" stays "Metal", not GTZAN's id "metal"; nameGenres).
 */

export type ContextLabelSource = 'decision' | 'tag';

export interface ContextLabel {
  readonly trackId: number;
  /** The genre as the user names it. */
  readonly genre: string;
  readonly source: ContextLabelSource;
}

interface RawLabel {
  readonly trackId: number;
  readonly name: string;
  readonly source: ContextLabelSource;
}

/** The identity of a genre name: its alias target where the alias table has one, else the name itself, folded. */
export function genreIdentity(settings: Pick<Settings, 'aliases' | 'displayNames'>, name: string): string {
  return genreKey(genreIdForTag(settings, name) ?? name);
}

/**
 * Names every identity by the spelling the user uses most, in decisions and tags alike; on a tie
 * the one that sorts first by code unit (capitals first), so the name never depends on the order
 * labels were read in.
 */
export function nameGenres(
  settings: Pick<Settings, 'aliases' | 'displayNames'>,
  labels: readonly Pick<RawLabel, 'name'>[],
): Map<string, string> {
  const counts = new Map<string, Map<string, number>>();
  for (const l of labels) {
    const id = genreIdentity(settings, l.name);
    const spelling = tidyGenre(l.name);
    const forId = counts.get(id) ?? new Map<string, number>();
    forId.set(spelling, (forId.get(spelling) ?? 0) + 1);
    counts.set(id, forId);
  }
  const names = new Map<string, string>();
  for (const [id, spellings] of counts) {
    let best: [string, number] | undefined;
    for (const [spelling, n] of spellings) {
      if (!best || n > best[1] || (n === best[1] && spelling < best[0])) best = [spelling, n];
    }
    if (best) names.set(id, best[0]);
  }
  return names;
}

function firstTag(json: string): string | undefined {
  const values: unknown = JSON.parse(json);
  if (!Array.isArray(values)) return undefined;
  const first: unknown = values[0];
  return typeof first === 'string' && tidyGenre(first) !== '' ? first : undefined;
}

/** The labels of present tracks, ordered by track id; `fromTags: false` leaves the tags out. */
export function collectContextLabels(db: Database, options: { readonly fromTags?: boolean } = {}): ContextLabel[] {
  const settings = getSettings(db);
  const decisions = userDecisions(db);
  const decided = new Set(decisions.map((d) => d.trackId));
  const raw: RawLabel[] = [];
  for (const d of decisions) {
    if (d.action !== 'skip' && d.genre !== null && tidyGenre(d.genre) !== '')
      raw.push({ trackId: d.trackId, name: d.genre, source: 'decision' });
  }
  if (options.fromTags ?? true) {
    const tagged = db
      .prepare("SELECT id, genres FROM tracks WHERE status = 'present' AND genres <> '[]' ORDER BY id")
      .all() as { id: number; genres: string }[];
    for (const t of tagged) {
      const first = decided.has(t.id) ? undefined : firstTag(t.genres);
      if (first !== undefined) raw.push({ trackId: t.id, name: first, source: 'tag' });
    }
  }
  const names = nameGenres(settings, raw);
  return raw
    .map((l) => ({
      trackId: l.trackId,
      genre: names.get(genreIdentity(settings, l.name)) ?? tidyGenre(l.name),
      source: l.source,
    }))
    .sort((a, b) => a.trackId - b.trackId);
}
