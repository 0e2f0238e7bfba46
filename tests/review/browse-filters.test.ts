import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queryTracks } from '../../core/review/track-query.js';
import { tempLibrary, type TempLibrary } from '../helpers/library.js';

describe('browsing one artist or album', () => {
  let lib: TempLibrary;
  beforeEach(() => {
    lib = tempLibrary();
    const now = new Date().toISOString();
    lib.db.prepare('INSERT INTO roots (path, added_at) VALUES (?, ?)').run('/m', now);
    const insert = lib.db.prepare(
      `INSERT INTO tracks (root_id, path, size, mtime_ms, title, artist, album, genres, added_at, updated_at)
       VALUES (1, ?, 1, 0, ?, ?, ?, '[]', ?, ?)`,
    );
    insert.run('/m/1.mp3', 'One', 'Velvet', 'Live', now, now);
    insert.run('/m/2.mp3', 'Two', 'velvet', 'Studio', now, now);
    insert.run('/m/3.mp3', 'Three', 'Velvet Underground', 'Live', now, now);
  });
  afterEach(() => lib.close());

  it('matches the artist or album exactly, whatever the case', () => {
    const titles = (q: Parameters<typeof queryTracks>[1]): string[] =>
      queryTracks(lib.db, { ...q, sort: 'title' }).rows.map((r) => r.title ?? '');
    expect(titles({ artist: 'VELVET' })).toEqual(['One', 'Two']);
    expect(titles({ album: 'live' })).toEqual(['One', 'Three']);
    expect(titles({ artist: 'Velvet', album: 'Live' })).toEqual(['One']);
  });
});
