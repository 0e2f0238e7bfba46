import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Database } from '../../core/library/db.js';
import { scanFolders } from '../../core/library/scan.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/library');

interface FixtureEntry {
  readonly path: string;
  readonly tags: { readonly genres: readonly string[] };
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
 * Copies the fixtures into `musicDir` under awkward names and scans them into the library with
 * the real scanner. Expected genres come from the fixtures' manifest (written independently of
 * any Genrewise code), so a reader bug shows up here as well as in the scanner's own tests.
 */
export async function buildFixtureLibrary(db: Database, musicDir: string): Promise<LibraryTrack[]> {
  const copies: { path: string; fixture: string; genres: readonly string[] }[] = [];
  for (const entry of fixtureManifest()) {
    const relative = LIBRARY_LAYOUT[entry.path];
    if (relative === undefined) continue;
    const target = join(musicDir, relative);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(join(FIXTURES, entry.path), target);
    copies.push({ path: target, fixture: entry.path, genres: entry.tags.genres });
  }
  const summary = await scanFolders(db, [musicDir]);
  if (summary.errors > 0 || summary.added !== copies.length) {
    throw new Error(
      `scanning the fixture library: ${summary.added} added, ${summary.errors} errors, expected ${copies.length} tracks`,
    );
  }
  const idOf = db.prepare("SELECT id FROM tracks WHERE path = ? AND status = 'present'");
  return copies.map((copy) => {
    const row = idOf.get(copy.path) as { id: number } | undefined;
    if (!row) throw new Error(`the scanner did not record ${copy.path}`);
    return { id: row.id, ...copy };
  });
}
