import { TagWriteError } from './errors.js';

/** Genre values must survive every format's encoding and read back unchanged. */
export function validateGenres(genres: readonly string[]): void {
  const seen = new Set<string>();
  for (const g of genres) {
    if (g.trim() !== g || g === '')
      throw new TagWriteError('unsupported', `genre ${JSON.stringify(g)} is empty or has surrounding spaces`);
    // eslint-disable-next-line no-control-regex
    if (/[\x00-\x1f\x7f]/.test(g))
      throw new TagWriteError('unsupported', `genre ${JSON.stringify(g)} contains control characters`);
    if (seen.has(g)) throw new TagWriteError('unsupported', `genre ${JSON.stringify(g)} is listed twice`);
    seen.add(g);
  }
}
