import { copyFileSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Database } from '../../electron/library/db.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/library');

interface FixtureEntry {
  readonly path: string;
  readonly durationSec: number;
  readonly tags: {
    readonly title: string | null;
    readonly artist: string | null;
    readonly album: string | null;
    readonly trackNo: number | null;
    readonly discNo: number | null;
    readonly genres: readonly string[];
  };
}

/**
 * Where each committed fixture is copied inside the test library: names with `&`, `#`, `%`
 * (including literal "%20" and "%E2%9C%93", which must not be decoded twice), `+`, `;`, `,`,
 * `'`, brackets, double spaces, non-ASCII and emoji. All are valid on Windows too.
 */
export const LIBRARY_LAYOUT: Readonly<Record<string, string>> = {
  'mp3/id3v23-slash-cover.mp3': 'A & B/Live #1/01 Morning Static.mp3',
  'mp3/id3v24-numeric.mp3': '#2 Numbered.mp3',
  'mp3/id3v24-null-separated.mp3': 'Nul Séparé/Café Ünïcode.mp3',
  'mp3/id3v1-only.mp3': '100% pure/50%20off.mp3',
  'flac/repeated-genre-cover.flac': 'Jazz & Blues/Two  Genre Fields.flac',
  'flac/untagged.flac': 'untagged.flac',
  'ogg/vorbis-semicolon.ogg': '日本語/クラシック 🎻.ogg',
  'opus/tagged.opus': "Hip Hop/[Live] it's 1+1=2; ok.opus",
  'm4a/aac.m4a': 'Reggae/~tilde @ home.m4a',
  'wav/riff-info.wav': 'Country/Info, Chunk.wav',
  'aiff/id3-chunk.aiff': 'Metal/Mötörhead.aiff',
  'wma/asf.wma': 'Disco/Windows Groove.wma',
  'wv/apev2.wv': 'Pop/Packed%E2%9C%93.wv',
};

export interface LibraryTrack {
  readonly id: number;
  /** Absolute path of the copy in the test library. */
  readonly path: string;
  readonly fixture: string;
  readonly genres: readonly string[];
}

export function fixtureManifest(): FixtureEntry[] {
  return (JSON.parse(readFileSync(join(FIXTURES, 'manifest.json'), 'utf8')) as { files: FixtureEntry[] }).files;
}

/**
 * Copies the fixtures into `musicDir` under awkward names and records them in the library as a
 * scan would: the tags come from the fixtures' manifest (the truth the scanner's own tests check
 * against), sizes and mtimes from the copies.
 */
export function buildFixtureLibrary(db: Database, musicDir: string): LibraryTrack[] {
  const now = new Date().toISOString();
  db.prepare('INSERT OR IGNORE INTO roots (path, added_at) VALUES (?, ?)').run(musicDir, now);
  const rootId = (db.prepare('SELECT id FROM roots WHERE path = ?').get(musicDir) as { id: number }).id;
  const insert = db.prepare(
    `INSERT INTO tracks (root_id, path, size, mtime_ms, duration_sec, title, artist, album, track_no, disc_no, genres, added_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const tracks: LibraryTrack[] = [];
  for (const entry of fixtureManifest()) {
    const relative = LIBRARY_LAYOUT[entry.path];
    if (relative === undefined) continue;
    const target = join(musicDir, relative);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(join(FIXTURES, entry.path), target);
    const stat = statSync(target);
    const t = entry.tags;
    const id = Number(
      insert.run(rootId, target, stat.size, Math.round(stat.mtimeMs), entry.durationSec, t.title, t.artist, t.album, t.trackNo, t.discNo, JSON.stringify(t.genres), now, now)
        .lastInsertRowid,
    );
    tracks.push({ id, path: target, fixture: entry.path, genres: t.genres });
  }
  return tracks;
}
