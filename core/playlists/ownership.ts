/** What is on disk where a playlist is to be written. */
export type ExistingFile =
  { readonly kind: 'missing' } | { readonly kind: 'other' } | { readonly kind: 'file'; readonly hash: string };

export type WriteAction =
  /** Nothing there, or our own file: write it. */
  | 'write'
  /** Already exactly the content to write (ours, or identical to ours): leave it untouched. */
  | 'unchanged'
  /** A file Genrewise did not write: never overwritten. */
  | 'skip-not-ours'
  /** Genrewise wrote it, but someone changed it since: never overwritten. */
  | 'skip-edited'
  /** A folder or something else that is not a regular file. */
  | 'skip-not-a-file';

/**
 * The replacement rule of playlist export, in one place. `ourHashes` are the content hashes the
 * manifest lists for this file name (undefined: not listed). A file byte-identical to what would
 * be written counts as ours even when unlisted, so a lost manifest heals itself.
 */
export function writeAction(
  existing: ExistingFile,
  ourHashes: readonly string[] | undefined,
  newHash: string,
): WriteAction {
  if (existing.kind === 'missing') return 'write';
  if (existing.kind === 'other') return 'skip-not-a-file';
  if (existing.hash === newHash) return 'unchanged';
  if (ourHashes === undefined) return 'skip-not-ours';
  return ourHashes.includes(existing.hash) ? 'write' : 'skip-edited';
}

export type RemoveAction = 'remove' | 'gone' | 'keep-edited' | 'keep-not-a-file';

/** What to do with a file of ours whose genre is now empty. */
export function removeAction(existing: ExistingFile, ourHashes: readonly string[]): RemoveAction {
  if (existing.kind === 'missing') return 'gone';
  if (existing.kind === 'other') return 'keep-not-a-file';
  return ourHashes.includes(existing.hash) ? 'remove' : 'keep-edited';
}
