import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLibrary } from '../../core/service/library-schema.js';
import type { Database } from '../../core/library/db.js';
import { scanFolders } from '../../core/library/scan.js';
import { listScanErrors, listTracks } from '../../core/library/tracks.js';
import { LIBRARY_FIXTURES } from './fixture-manifest.js';

const REPO = resolve(import.meta.dirname, '../..');
const CLI = join(REPO, 'bin/genrewise.js');
const NOBODY = 65534;

let dir: string;
let music: string;
let db: Database;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gw-scan-edge-'));
  music = join(dir, 'music');
  mkdirSync(music);
  db = openLibrary(join(dir, 'library.db'));
});

afterEach(() => {
  db.close();
  // Restore permissions a test took away, so the temp dir can be removed.
  const unlock = (path: string): void => {
    try {
      chmodSync(path, 0o755);
      for (const entry of readdirSync(path, { withFileTypes: true }))
        if (entry.isDirectory() && !entry.isSymbolicLink()) unlock(join(path, entry.name));
    } catch {
      // not a folder, or gone
    }
  };
  unlock(dir);
  rmSync(dir, { recursive: true, force: true });
});

const fixture = (relative: string): string => join(LIBRARY_FIXTURES, relative);
const scan = (): ReturnType<typeof scanFolders> => scanFolders(db, [music], { threads: 0 });

describe('odd file names', () => {
  it('reads files whose names have spaces, quotes, a leading dash, emoji or an upper-case extension', async () => {
    const names = [
      'two  spaces.mp3',
      `it's "quoted".ogg`,
      '-leading-dash.flac',
      'emoji 🎵🎸.m4a',
      'LOUD.MP3',
      'semi;colon & amp $HOME `x`.opus',
      'back\\slash.wv',
    ];
    const sources = [
      'mp3/id3v23-slash-cover.mp3',
      'ogg/vorbis-semicolon.ogg',
      'flac/repeated-genre-cover.flac',
      'm4a/aac.m4a',
      'mp3/id3v24-numeric.mp3',
      'opus/tagged.opus',
      'wv/apev2.wv',
    ];
    mkdirSync(join(music, '🎼 folder'));
    names.forEach((name, i) => copyFileSync(fixture(sources[i] ?? ''), join(music, '🎼 folder', name)));
    const summary = await scan();
    expect(summary).toMatchObject({ files: names.length, added: names.length, errors: 0 });
    const titles = Object.fromEntries(listTracks(db).map((t) => [t.path.slice(t.path.lastIndexOf('/') + 1), t.title]));
    expect(titles).toEqual({
      'two  spaces.mp3': 'Morning Static',
      [`it's "quoted".ogg`]: 'Semicolon Suite',
      '-leading-dash.flac': 'Two Genre Fields',
      'emoji 🎵🎸.m4a': 'Offbeat Atom',
      'LOUD.MP3': 'Numbered Genre',
      'semi;colon & amp $HOME `x`.opus': 'Opus Loop',
      'back\\slash.wv': 'Packed Wave',
    });
    expect(listTracks(db).find((t) => t.path.endsWith('LOUD.MP3'))?.format).toBe('mp3');
  });

  it('records names that are not valid UTF-8 as bad-name errors and goes on', async () => {
    copyFileSync(fixture('mp3/id3v24-numeric.mp3'), join(music, 'fine.mp3'));
    const raw = (name: Buffer): Buffer => Buffer.concat([Buffer.from(`${music}/`), name]);
    writeFileSync(
      raw(Buffer.concat([Buffer.from('caf'), Buffer.from([0xe9]), Buffer.from(' latin1.mp3')])),
      Buffer.alloc(100),
    );
    writeFileSync(
      raw(Buffer.concat([Buffer.from('notes '), Buffer.from([0xff]), Buffer.from('.txt')])),
      'ignored: not audio',
    );
    mkdirSync(raw(Buffer.concat([Buffer.from('dir '), Buffer.from([0xfe])])));
    const summary = await scan();
    expect(summary).toMatchObject({ files: 2, added: 1, errors: 1, folderErrors: 1 });
    const errors = listScanErrors(db);
    expect(errors.map((e) => ({ path: e.path, kind: e.kind, target: e.target }))).toEqual([
      { path: join(music, 'caf\uFFFD latin1.mp3'), kind: 'bad-name', target: 'file' },
      { path: join(music, 'dir \uFFFD'), kind: 'bad-name', target: 'folder' },
    ]);
  });
});

describe('links and special files', () => {
  it('detects a symbolic-link loop and a second link to a scanned folder, without duplicating tracks', async () => {
    mkdirSync(join(music, 'a', 'b'), { recursive: true });
    copyFileSync(fixture('mp3/id3v24-numeric.mp3'), join(music, 'a', 'b', 'song.mp3'));
    symlinkSync(join(music, 'a'), join(music, 'a', 'b', 'back-to-a'));
    symlinkSync(join(music, 'a', 'b'), join(music, 'b-again'));
    const summary = await scan();
    expect(summary).toMatchObject({ files: 1, added: 1, errors: 0, folderErrors: 2 });
    expect(listTracks(db).map((t) => t.path)).toEqual([join(music, 'a', 'b', 'song.mp3')]);
    const errors = listScanErrors(db);
    expect(errors.map((e) => [e.path, e.kind])).toEqual([
      [join(music, 'a', 'b', 'back-to-a'), 'loop'],
      [join(music, 'b-again'), 'loop'],
    ]);
    expect(errors[0]?.message).toMatch(/loops back/);
    expect(errors[1]?.message).toMatch(/already scanned as/);
  });

  it('follows a link to a file outside the root, but not one to a folder outside (issue 12, item 10)', async () => {
    const outside = join(dir, 'outside');
    mkdirSync(outside);
    copyFileSync(fixture('ogg/vorbis-semicolon.ogg'), join(outside, 'real.ogg'));
    symlinkSync(join(outside, 'real.ogg'), join(music, 'linked.ogg'));
    symlinkSync(outside, join(music, 'linked-folder'));
    // A link to the parent would pull the whole root in a second time (a tree counted twice).
    symlinkSync(dir, join(music, 'up'));
    const summary = await scan();
    expect(summary).toMatchObject({ files: 1, added: 1, errors: 0, folderErrors: 2 });
    expect(listTracks(db).map((t) => t.path)).toEqual([join(music, 'linked.ogg')]);
    const errors = listScanErrors(db).sort((a, b) => a.path.localeCompare(b.path));
    expect(errors.map((e) => [e.path, e.kind])).toEqual([
      [join(music, 'linked-folder'), 'outside'],
      [join(music, 'up'), 'outside'],
    ]);
    expect(errors[0]?.message).toMatch(/outside the library folder; not followed/);
  });

  it('records a dangling audio link and a pipe named .mp3 instead of hanging on it', async () => {
    symlinkSync(join(dir, 'nowhere.flac'), join(music, 'dangling.flac'));
    symlinkSync(join(dir, 'nowhere.txt'), join(music, 'dangling.txt'));
    expect(spawnSync('mkfifo', [join(music, 'pipe.mp3')]).status).toBe(0);
    const summary = await scan();
    expect(summary).toMatchObject({ files: 2, errors: 2 });
    expect(listScanErrors(db).map((e) => [e.path, e.kind])).toEqual([
      [join(music, 'dangling.flac'), 'unreadable'],
      [join(music, 'pipe.mp3'), 'unreadable'],
    ]);
  });
});

describe('permissions', () => {
  // Root reads everything, so as root the scan runs as `nobody` through the compiled CLI.
  const asRoot = process.getuid?.() === 0;
  const canDropToNobody = asRoot && existsSync(join(REPO, 'dist/node/core/cli/main.js'));

  it.runIf(!asRoot || canDropToNobody)('records an unreadable folder and an unreadable file and goes on', async () => {
    copyFileSync(fixture('mp3/id3v24-numeric.mp3'), join(music, 'ok.mp3'));
    copyFileSync(fixture('mp3/id3v1-only.mp3'), join(music, 'locked.mp3'));
    mkdirSync(join(music, 'locked-folder'));
    copyFileSync(fixture('flac/untagged.flac'), join(music, 'locked-folder', 'inside.flac'));
    chmodSync(join(music, 'locked.mp3'), 0o000);
    chmodSync(join(music, 'locked-folder'), 0o000);

    if (asRoot) {
      chmodSync(dir, 0o777);
      chmodSync(music, 0o755);
      db.close();
      rmSync(join(dir, 'library.db'), { force: true });
      const dbPath = join(dir, 'nobody.db');
      const run = spawnSync(process.execPath, [CLI, 'scan', music, '--db', dbPath, '--json'], {
        uid: NOBODY,
        gid: NOBODY,
        cwd: dir,
        env: { PATH: process.env.PATH ?? '', HOME: dir },
        encoding: 'utf8',
      });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(1);
      expect(JSON.parse(run.stdout)).toMatchObject({ files: 2, added: 1, errors: 1, folderErrors: 1 });
      db = openLibrary(dbPath);
    } else {
      expect(await scan()).toMatchObject({ files: 2, added: 1, errors: 1, folderErrors: 1 });
    }
    expect(listScanErrors(db).map((e) => [e.path, e.kind, e.target])).toEqual([
      [join(music, 'locked-folder'), 'permission', 'folder'],
      [join(music, 'locked.mp3'), 'permission', 'file'],
    ]);
  });
});
