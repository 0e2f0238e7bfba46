import type { Database } from '../library/db.js';
import { findCoverArt } from '../library/cover-art.js';
import { presentTrackPath } from '../library/tracks.js';

/** Covers kept in memory (most recently asked for). */
const MAX_ENTRIES = 300;

/**
 * Track covers as data: URLs, cached by track and path, least recently used out first. Covers
 * load lazily: the UI asks only for the tracks it shows.
 */
export class CoverCache {
  private readonly entries = new Map<string, string | null>();

  async get(db: Database, trackId: number): Promise<string | null> {
    const file = presentTrackPath(db, trackId);
    if (file === undefined) return null;
    const key = `track:${trackId}:${file}`;
    if (this.entries.has(key)) return this.touch(key);
    const art = await findCoverArt(file);
    const url = art ? `data:${art.mime};base64,${Buffer.from(art.data).toString('base64')}` : null;
    this.remember(key, url);
    return url;
  }

  private touch(key: string): string | null {
    const value = this.entries.get(key) ?? null;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  private remember(key: string, value: string | null): void {
    this.entries.set(key, value);
    while (this.entries.size > MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}
