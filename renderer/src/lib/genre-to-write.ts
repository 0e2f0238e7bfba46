import type { TrackRow } from '../../../shared/api/types';

export type GenreSource =
  /** A person decided it (accepted, chose or kept the file's genre). */
  | 'you'
  /** A bulk accept decided it. */
  | 'bulk'
  /** The default model predicts it; no decision yet. */
  | 'model'
  /** The user's personal model predicts it; no decision yet. */
  | 'your-model';

export interface GenreToWrite {
  /** Genre id (or the user's own genre name); null when nothing would be written. */
  readonly genre: string | null;
  readonly source: GenreSource | null;
  /** The user skipped the track: nothing is written, whatever the model says. */
  readonly skipped: boolean;
}

/**
 * The genre a write would put in the file, and where it comes from: the decision when there is
 * one, else the current prediction. A skipped track writes nothing.
 */
export function genreToWrite(row: Pick<TrackRow, 'decision' | 'predicted' | 'source'>): GenreToWrite {
  const d = row.decision;
  if (d) {
    if (d.action === 'skip') return { genre: null, source: null, skipped: true };
    return { genre: d.genre, source: d.source === 'model' ? 'bulk' : 'you', skipped: false };
  }
  if (row.predicted === null) return { genre: null, source: null, skipped: false };
  return { genre: row.predicted, source: row.source === 'personal' ? 'your-model' : 'model', skipped: false };
}

export const SOURCE_LABEL: Readonly<Record<GenreSource, string>> = {
  you: 'you',
  bulk: 'bulk',
  model: 'model',
  'your-model': 'model',
};

export const SOURCE_HELP: Readonly<Record<GenreSource, string>> = {
  you: 'You decided this genre',
  bulk: 'Decided by a bulk accept',
  model: 'Predicted by the default model; not decided yet',
  'your-model': 'Predicted by your personal model; not decided yet',
};
