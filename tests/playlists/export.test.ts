import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { setSetting } from '../../core/library/settings.js';
import { MANIFEST_NAME } from '../../core/playlists/manifest.js';
import { decide } from '../../core/decisions/decisions.js';
import { tempLibrary, type TempLibrary } from '../helpers/library.js';
import { buildFixtureLibrary, type LibraryTrack } from './fixture-library.js';

const cli = (args: readonly string[]) => runCli(args, {});

interface ExportJson {
  out: string;
  format: string;
  source: string;
  playlists: { genre: string; name: string; file: string; tracks: number; unchanged: boolean }[];
  skipped: string[];
  removed: string[];
  warnings: string[];
}

/** The absolute path each entry of a playlist file points to, resolved as a player would. */
function entriesOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const dir = dirname(file);
  const resolveLocation = (location: string): string =>
    location.startsWith('file://') ? fileURLToPath(location) : resolve(dir, location);
  if (file.endsWith('.m3u8')) {
    return text
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map(resolveLocation);
  }
  if (file.endsWith('.pls')) {
    const files = [...text.matchAll(/^File(\d+)=(.*)$/gm)].map((m) => resolveLocation(m[2] ?? ''));
    expect(text).toContain(`NumberOfEntries=${files.length}\n`);
    return files;
  }
  expect(XMLValidator.validate(text)).toBe(true);
  const doc = new XMLParser({ parseTagValue: false, isArray: (name) => name === 'track' }).parse(text) as {
    playlist: { trackList: { track: { location: string }[] } };
  };
  return doc.playlist.trackList.track.map((t) => {
    expect(t.location.startsWith('file:///')).toBe(true);
    return fileURLToPath(t.location);
  });
}

/** Genre name (case-folded) → paths, straight from the fixtures' manifest tags. */
function expectedByGenre(tracks: readonly LibraryTrack[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const t of tracks) {
    for (const g of t.genres) {
      const key = g.toLowerCase();
      map.set(key, [...(map.get(key) ?? []), t.path]);
    }
  }
  return map;
}

const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

let lib: TempLibrary;
let music: string;
let tracks: LibraryTrack[];

beforeEach(async () => {
  lib = tempLibrary('gw-playlists-');
  music = join(lib.dir, 'Music Library');
  tracks = await buildFixtureLibrary(lib.db, music);
});

afterEach(() => lib.close());

function trackAt(fixture: string): LibraryTrack {
  const t = tracks.find((x) => x.fixture === fixture);
  if (!t) throw new Error(`fixture ${fixture} not in the test library`);
  return t;
}

function setGenres(fixture: string, genres: readonly string[]): void {
  lib.db.prepare('UPDATE tracks SET genres = ? WHERE id = ?').run(JSON.stringify(genres), trackAt(fixture).id);
}

async function exportJson(args: readonly string[]): Promise<ExportJson & { code: number; stderr: string }> {
  const run = await cli(['playlists', '--db', lib.dbPath, '--json', ...args]);
  expect(run.stdout, run.stderr).not.toBe('');
  return { ...(JSON.parse(run.stdout) as ExportJson), code: run.code, stderr: run.stderr };
}

describe('genrewise playlists --source tags', () => {
  for (const format of ['m3u8', 'pls', 'xspf'] as const) {
    for (const where of ['inside the music folder', 'in a folder elsewhere'] as const) {
      it(`${format}, ${where}: one file per genre, every entry resolving to the tagged files`, async () => {
        const out = where === 'inside the music folder' ? music : join(lib.dir, 'exports', 'Genre Lists');
        const result = await exportJson(['--out', out, '--format', format, '--source', 'tags']);
        expect(result.code).toBe(0);
        expect(result.out).toBe(out);
        expect(result.format).toBe(format);
        expect(result.skipped).toEqual([]);
        expect(result.removed).toEqual([]);

        const expected = expectedByGenre(tracks);
        expect(result.playlists.map((p) => p.name)).toEqual([
          'Ambient',
          'Baroque',
          'Blues',
          'Classical',
          'Country',
          'Disco',
          'Electronic',
          'Hip-Hop',
          'Jazz',
          'Metal',
          'Pop',
          'Reggae',
          'Rock',
        ]);
        for (const playlist of result.playlists) {
          expect(playlist.file).toBe(join(out, `${playlist.name}.${format}`));
          const entries = entriesOf(playlist.file);
          for (const entry of entries) expect(existsSync(entry), `${playlist.file} → ${entry}`).toBe(true);
          expect([...entries].sort()).toEqual([...(expected.get(playlist.name.toLowerCase()) ?? [])].sort());
          expect(playlist.tracks).toBe(entries.length);
        }
        // The untagged track is in no playlist, and nothing else was written.
        const written = readdirSync(out).filter((f) => f.endsWith(`.${format}`));
        expect(written).toHaveLength(13);
        expect(readdirSync(out).some((f) => f.startsWith('.genrewise-tmp-'))).toBe(false);
      });
    }
  }

  it('orders entries by artist, album, disc and track', async () => {
    setGenres('mp3/id3v1-only.mp3', ['Rock']); // V One, Legacy
    setGenres('wv/apev2.wv', ['Rock']); // Ape Tagger, Lossless Sampler, disc 2
    setGenres('flac/repeated-genre-cover.flac', ['rock']); // Comment Block
    const out = join(lib.dir, 'lists');
    await exportJson(['--out', out, '--source', 'tags']);
    expect(entriesOf(join(out, 'Rock.m3u8'))).toEqual([
      trackAt('wv/apev2.wv').path,
      trackAt('flac/repeated-genre-cover.flac').path,
      trackAt('mp3/id3v23-slash-cover.mp3').path, // The Fixtures, Test Pressing, track 1
      trackAt('mp3/id3v24-numeric.mp3').path, // track 2
      trackAt('mp3/id3v1-only.mp3').path,
    ]);
  });

  it('protects a track name starting with # in M3U8 and writes readable #EXTINF lines', async () => {
    await exportJson(['--out', music, '--source', 'tags']);
    const text = readFileSync(join(music, 'Rock.m3u8'), 'utf8');
    expect(text).toBe(
      [
        '#EXTM3U',
        '#PLAYLIST:Rock',
        '#EXTINF:4,The Fixtures - Morning Static',
        'A & B/Live #1/01 Morning Static.mp3',
        '#EXTINF:4,The Fixtures - Numbered Genre',
        './#2 Numbered.mp3',
        '',
      ].join('\n'),
    );
  });

  it('merges spellings of one genre under the most common one and numbers clashing file names', async () => {
    const long = (end: string): string => `${'Ambient '.repeat(30)}${end}`;
    setGenres('mp3/id3v1-only.mp3', ['hip-hop', long('Dub')]);
    setGenres('m4a/aac.m4a', ['HIP-HOP', 'Drum/Bass']);
    setGenres('wav/riff-info.wav', ['hip-hop', 'Drum:Bass', long('Drone')]);
    const out = join(lib.dir, 'lists');
    const result = await exportJson(['--out', out, '--source', 'tags']);
    const hiphop = result.playlists.find((p) => p.name.toLowerCase() === 'hip-hop');
    expect(hiphop).toMatchObject({ name: 'hip-hop', tracks: 4, file: join(out, 'hip-hop.m3u8') });
    // "Drum/Bass" and "Drum:Bass" are one genre by the app's rule (punctuation is a separator);
    // the tie between spellings goes to the first in code-point order.
    const drum = result.playlists.filter((p) => p.name.startsWith('Drum'));
    expect(drum.map((p) => [p.name, p.tracks, p.file])).toEqual([['Drum/Bass', 2, join(out, 'Drum-Bass.m3u8')]]);
    // Two genres whose names only differ past the file-name limit get numbered files.
    const ambient = result.playlists.filter((p) => p.name.startsWith('Ambient Ambient'));
    expect(ambient.map((p) => p.name)).toEqual([long('Drone'), long('Dub')]);
    expect(ambient[1]?.file).toBe(ambient[0]?.file.replace(/\.m3u8$/, ' (2).m3u8'));
  });
});

describe('re-export', () => {
  it('replaces only its own files: user files and edited files are kept, unchanged files untouched', async () => {
    const out = join(lib.dir, 'lists');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'Jazz.m3u8'), '#EXTM3U\nmy own jazz list.mp3\n');

    const first = await exportJson(['--out', out, '--source', 'tags']);
    expect(first.code).toBe(0);
    expect(first.skipped).toEqual([join(out, 'Jazz.m3u8')]);
    expect(first.stderr).toContain('Jazz.m3u8 was not written by Genrewise');
    expect(readFileSync(join(out, 'Jazz.m3u8'), 'utf8')).toBe('#EXTM3U\nmy own jazz list.mp3\n');
    expect(first.playlists.map((p) => p.name)).not.toContain('Jazz');

    const before = new Map(readdirSync(out).map((f) => [f, statSync(join(out, f))]));
    const second = await exportJson(['--out', out, '--source', 'tags']);
    expect(second.playlists.every((p) => p.unchanged)).toBe(true);
    expect(second.playlists).toHaveLength(first.playlists.length);
    for (const [file, stat] of before) {
      const now = statSync(join(out, file));
      expect([file, now.ino, now.mtimeMs]).toEqual([file, stat.ino, stat.mtimeMs]);
    }

    // The user edits one of ours, and the library changes under two others.
    appendFileSync(join(out, 'Rock.m3u8'), '#EXTINF:1,Mine\nmine.mp3\n');
    const editedRock = readFileSync(join(out, 'Rock.m3u8'), 'utf8');
    setGenres('aiff/id3-chunk.aiff', ['Metal', 'Reggae']);
    setGenres('mp3/id3v24-numeric.mp3', ['Pop']);
    const popBefore = sha(join(out, 'Pop.m3u8'));
    const third = await exportJson(['--out', out, '--source', 'tags']);
    expect(third.skipped.sort()).toEqual([join(out, 'Jazz.m3u8'), join(out, 'Rock.m3u8')]);
    expect(third.stderr).toContain('Rock.m3u8 was edited since Genrewise wrote it');
    expect(readFileSync(join(out, 'Rock.m3u8'), 'utf8')).toBe(editedRock);
    expect(sha(join(out, 'Pop.m3u8'))).not.toBe(popBefore);
    expect(entriesOf(join(out, 'Pop.m3u8'))).toContain(trackAt('mp3/id3v24-numeric.mp3').path);
    expect(entriesOf(join(out, 'Reggae.m3u8'))).toContain(trackAt('aiff/id3-chunk.aiff').path);
    expect(third.playlists.find((p) => p.name === 'Pop')?.unchanged).toBe(false);
    expect(third.playlists.find((p) => p.name === 'Blues')?.unchanged).toBe(true);
  });

  it('removes its own files for genres that are now empty, but keeps one the user edited', async () => {
    const out = join(lib.dir, 'lists');
    await exportJson(['--out', out, '--source', 'tags']);
    expect(existsSync(join(out, 'Disco.m3u8'))).toBe(true);
    appendFileSync(join(out, 'Metal.m3u8'), 'extra.mp3\n');

    setGenres('wma/asf.wma', []);
    setGenres('aiff/id3-chunk.aiff', []);
    const result = await exportJson(['--out', out, '--source', 'tags']);
    expect(result.removed).toEqual([join(out, 'Disco.m3u8')]);
    expect(existsSync(join(out, 'Disco.m3u8'))).toBe(false);
    expect(existsSync(join(out, 'Metal.m3u8'))).toBe(true);
    expect(result.stderr).toContain('genre "Metal" is now empty, but the file was edited');
    const manifest = JSON.parse(readFileSync(join(out, MANIFEST_NAME), 'utf8')) as { files: { file: string }[] };
    const listed = manifest.files.map((f) => f.file);
    expect(listed).not.toContain('Disco.m3u8');
    expect(listed).not.toContain('Metal.m3u8');
    expect(listed).toContain('Rock.m3u8');
  });

  it('follows a genre whose most common spelling changed: new file written, old one of ours removed', async () => {
    const out = join(lib.dir, 'lists');
    await exportJson(['--out', out, '--source', 'tags']);
    setGenres('mp3/id3v1-only.mp3', ['hip-hop']);
    setGenres('wav/riff-info.wav', ['hip-hop']);
    const result = await exportJson(['--out', out, '--source', 'tags']);
    expect(result.playlists.find((p) => p.name.toLowerCase() === 'hip-hop')).toMatchObject({
      name: 'hip-hop',
      tracks: 3,
    });
    expect(result.skipped).toEqual([]);
    // On this case-sensitive file system the old spelling is a separate file, ours, so it goes.
    expect(result.removed).toEqual([join(out, 'Hip-Hop.m3u8'), join(out, 'Country.m3u8')].sort());
    expect(readdirSync(out).filter((f) => f.toLowerCase() === 'hip-hop.m3u8')).toEqual(['hip-hop.m3u8']);
  });

  it('does not wipe an earlier export when the chosen source has no genres at all yet', async () => {
    const out = join(lib.dir, 'lists');
    await exportJson(['--out', out, '--source', 'tags']);
    const before = readdirSync(out).sort();
    const premature = await exportJson(['--out', out, '--source', 'predicted']);
    expect(premature.playlists).toEqual([]);
    expect(premature.removed).toEqual([]);
    expect(premature.stderr).toContain('no genre has tracks, so the 13 playlists already in');
    expect(readdirSync(out).sort()).toEqual(before);
    // They are still ours: a later export with genres replaces and removes them as usual.
    setGenres('wma/asf.wma', []);
    const later = await exportJson(['--out', out, '--source', 'tags']);
    expect(later.removed).toEqual([join(out, 'Disco.m3u8')]);
  });

  it('keeps other formats in the same folder and lists every file with its hash', async () => {
    const out = join(lib.dir, 'lists');
    await exportJson(['--out', out, '--source', 'tags', '--format', 'm3u8']);
    const m3u = sha(join(out, 'Rock.m3u8'));
    setGenres('wma/asf.wma', []);
    const xspf = await exportJson(['--out', out, '--source', 'tags', '--format', 'xspf']);
    expect(xspf.removed).toEqual([]);
    expect(existsSync(join(out, 'Disco.m3u8'))).toBe(true);
    expect(existsSync(join(out, 'Disco.xspf'))).toBe(false);
    expect(sha(join(out, 'Rock.m3u8'))).toBe(m3u);
    const manifest = JSON.parse(readFileSync(join(out, MANIFEST_NAME), 'utf8')) as {
      generator: string;
      files: { file: string; format: string; sha256: string[] }[];
    };
    expect(manifest.generator).toBe('genrewise');
    for (const entry of manifest.files) expect(entry.sha256).toEqual([sha(join(out, entry.file))]);
    expect(manifest.files.filter((f) => f.format === 'xspf')).toHaveLength(12);
    expect(manifest.files.filter((f) => f.format === 'm3u8')).toHaveLength(13);

    const again = await exportJson(['--out', out, '--source', 'tags', '--format', 'm3u8']);
    expect(again.removed).toEqual([join(out, 'Disco.m3u8')]);
    expect(existsSync(join(out, 'Rock.xspf'))).toBe(true);
  });

  it('recovers from a crash: stale temp files go, a half-replaced file is still ours, a damaged list protects everything', async () => {
    const out = join(lib.dir, 'lists');
    await exportJson(['--out', out, '--source', 'tags']);
    writeFileSync(join(out, '.genrewise-tmp-999999999-deadbeef-Rock.m3u8'), 'partial');

    // A crash after the rename but before the final manifest: the file holds content the
    // manifest lists only as the second (incoming) hash.
    const manifestPath = join(out, MANIFEST_NAME);
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { files: { file: string; sha256: string[] }[] };
    writeFileSync(join(out, 'Pop.m3u8'), '#EXTM3U\nincoming.mp3\n');
    const pop = manifest.files.find((f) => f.file === 'Pop.m3u8');
    if (!pop) throw new Error('Pop.m3u8 not in the manifest');
    pop.sha256 = [pop.sha256[0] ?? '', sha(join(out, 'Pop.m3u8'))];
    writeFileSync(manifestPath, JSON.stringify({ generator: 'genrewise', version: 1, ...manifest }));

    const recovered = await exportJson(['--out', out, '--source', 'tags']);
    expect(recovered.skipped).toEqual([]);
    expect(readdirSync(out).filter((f) => f.startsWith('.genrewise-tmp-'))).toEqual([]);
    expect(readFileSync(join(out, 'Pop.m3u8'), 'utf8')).toContain('Morning Static');

    writeFileSync(manifestPath, '{ not json');
    appendFileSync(join(out, 'Blues.m3u8'), 'edited.mp3\n');
    setGenres('wma/asf.wma', []);
    const damaged = await exportJson(['--out', out, '--source', 'tags']);
    expect(damaged.stderr).toContain('is damaged');
    // Files identical to what would be written are recognised; the edited one is not touched,
    // and nothing is removed while the list of our files is unknown.
    expect(damaged.skipped).toEqual([join(out, 'Blues.m3u8')]);
    expect(damaged.removed).toEqual([]);
    expect(existsSync(join(out, 'Disco.m3u8'))).toBe(true);
    expect(readFileSync(join(out, 'Blues.m3u8'), 'utf8')).toContain('edited.mp3');
  });
});

describe('genrewise playlists --source predicted and decided', () => {
  function predict(
    fixture: string,
    genre: string,
    confidence: number,
    source: 'default' | 'personal' = 'default',
  ): void {
    const modelId = source === 'personal' ? 'personal-1' : 'default-svc';
    lib.db
      .prepare(
        "INSERT OR IGNORE INTO models (id, role, kind, card, created_at) VALUES (?, ?, 'svc', '{}', '2026-01-01T00:00:00Z')",
      )
      .run(modelId, source);
    const trackId = trackAt(fixture).id;
    lib.db
      .prepare(
        `INSERT INTO predictions (track_id, model_id, genre, probability, confidence, probabilities, predicted_at)
         VALUES (?, ?, ?, ?, ?, '{}', '2026-01-01T00:00:00Z')`,
      )
      .run(trackId, modelId, genre, confidence, confidence);
    lib.db
      .prepare(
        'INSERT INTO current_predictions (track_id, model_id, source, genre, confidence, unfamiliar) VALUES (?, ?, ?, ?, ?, 0)',
      )
      .run(trackId, modelId, source, genre, confidence);
  }

  beforeEach(() => {
    predict('mp3/id3v23-slash-cover.mp3', 'rock', 0.91);
    predict('mp3/id3v24-numeric.mp3', 'rock', 0.55);
    predict('opus/tagged.opus', 'hiphop', 0.8);
    predict('m4a/aac.m4a', 'reggae', 0.3);
    predict('ogg/vorbis-semicolon.ogg', 'Baroque', 0.95, 'personal');
    predict('flac/repeated-genre-cover.flac', 'rock', 0.7, 'personal'); // the user's lower-case "rock"
  });

  it('groups predictions at or above --min-confidence by display name; empty genres get no file', async () => {
    setSetting(lib.db, 'displayNames', { hiphop: 'Hip Hop/Rap' });
    const out = join(lib.dir, 'predicted');
    const result = await exportJson([
      '--out',
      out,
      '--source',
      'predicted',
      '--min-confidence',
      '0.6',
      '--format',
      'xspf',
    ]);
    expect(result.source).toBe('predicted');
    expect(result.playlists.map((p) => [p.genre, p.name, p.file, p.tracks])).toEqual([
      ['Baroque', 'Baroque', join(out, 'Baroque.xspf'), 1],
      ['hiphop', 'Hip Hop/Rap', join(out, 'Hip Hop-Rap.xspf'), 1],
      ['rock', 'Rock', join(out, 'Rock.xspf'), 2],
    ]);
    expect(
      readdirSync(out)
        .filter((f) => f.endsWith('.xspf'))
        .sort(),
    ).toEqual(['Baroque.xspf', 'Hip Hop-Rap.xspf', 'Rock.xspf']);
    expect(readFileSync(join(out, 'Hip Hop-Rap.xspf'), 'utf8')).toContain('<title>Hip Hop/Rap</title>');
    expect(entriesOf(join(out, 'Rock.xspf'))).toEqual([
      trackAt('flac/repeated-genre-cover.flac').path,
      trackAt('mp3/id3v23-slash-cover.mp3').path,
    ]);
  });

  it('defaults --min-confidence to the review threshold', async () => {
    setSetting(lib.db, 'reviewThreshold', 0.5);
    const result = await exportJson(['--out', join(lib.dir, 'p'), '--source', 'predicted']);
    expect(result.playlists.map((p) => [p.name, p.tracks])).toEqual([
      ['Baroque', 1],
      ['Hip-Hop', 1],
      ['Rock', 3],
    ]);
  });

  it('uses review decisions: accepted, chosen (any name), kept; skipped tracks and undecided ones are left out', async () => {
    decide(lib.db, trackAt('mp3/id3v23-slash-cover.mp3').id, { action: 'accept' });
    decide(lib.db, trackAt('ogg/vorbis-semicolon.ogg').id, { action: 'accept' });
    decide(lib.db, trackAt('m4a/aac.m4a').id, { action: 'choose', genre: 'Bossa Nova' });
    decide(lib.db, trackAt('wma/asf.wma').id, { action: 'choose', genre: 'hip hop' });
    decide(lib.db, trackAt('aiff/id3-chunk.aiff').id, { action: 'keep' });
    decide(lib.db, trackAt('opus/tagged.opus').id, { action: 'skip' });
    const out = join(lib.dir, 'decided');
    const result = await exportJson(['--out', out, '--format', 'pls']);
    expect(result.source).toBe('decided');
    expect(result.playlists.map((p) => [p.genre, p.name, p.tracks])).toEqual([
      ['Baroque', 'Baroque', 1],
      ['Bossa Nova', 'Bossa Nova', 1],
      // Names the user chose or kept are theirs, as spelled (issue 11): "hip hop", the tag's "Metal".
      ['hip hop', 'hip hop', 1],
      ['Metal', 'Metal', 1],
      ['rock', 'Rock', 1],
    ]);
    expect(entriesOf(join(out, 'hip hop.pls'))).toEqual([trackAt('wma/asf.wma').path]);
    expect(entriesOf(join(out, 'Bossa Nova.pls'))).toEqual([trackAt('m4a/aac.m4a').path]);
  });

  it('says what to do when no genre has tracks', async () => {
    const run = await cli(['playlists', '--db', lib.dbPath, '--out', join(lib.dir, 'none')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('no genre has tracks with --source decided');
    expect(run.stdout).toContain('--source predicted');
    expect(readdirSync(join(lib.dir, 'none'))).toEqual([]);
  });
});

describe('genrewise playlists usage', () => {
  it.each([
    [['--source', 'tags'], '--out <dir> is required'],
    [['--out', 'x', '--format', 'wpl'], '--format must be one of m3u8, pls, xspf'],
    [['--out', 'x', '--source', 'mood'], '--source must be one of decided, predicted, tags'],
    [
      ['--out', 'x', '--source', 'tags', '--min-confidence', '0.5'],
      '--min-confidence applies only to --source predicted',
    ],
    [['--out', 'x', '--source', 'predicted', '--min-confidence', '1.5'], 'invalid value for --min-confidence'],
  ])('%j → exit 2 with "%s"', async (args, message) => {
    const run = await cli(['playlists', '--db', lib.dbPath, ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it('refuses a library that does not exist instead of creating an empty one', async () => {
    const missing = join(lib.dir, 'nope', 'library.db');
    const run = await cli(['playlists', '--db', missing, '--out', join(lib.dir, 'o'), '--source', 'tags']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no library at');
    expect(existsSync(missing)).toBe(false);
  });

  it('prints a readable summary without --json', async () => {
    const out = join(lib.dir, 'text');
    const run = await cli(['playlists', '--db', lib.dbPath, '--out', out, '--source', 'tags']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`wrote      ${join(out, 'Rock.m3u8')}  (2 tracks)`);
    expect(run.stdout).toContain(`wrote      ${join(out, 'Metal.m3u8')}  (1 track)`);
  });
});
