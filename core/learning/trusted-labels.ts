import type { Database } from 'better-sqlite3';
import { collectContextLabels } from './context-labels.js';

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
 * - With `fromTags`, every other present track's existing genre tag: its first value.
 *
 * Names that the alias table makes one genre, or that differ only in case or spacing, are one
 * genre, named as the user spells it: the spelling their decisions use most, else their tags'
 * ("Metal", not GTZAN's id "metal"; context-labels.ts).
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

/**
 * Trusted labels of present tracks, ordered by track id: the same labels, named the same way, as
 * the library-context model reads (context-labels.ts), so a personal model and the context model
 * speak one vocabulary.
 */
export function collectTrustedLabels(db: Database, options: LabelOptions = {}): TrustedLabel[] {
  return collectContextLabels(db, { fromTags: options.fromTags ?? false });
}
