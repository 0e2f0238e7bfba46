import { copyFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLibrary } from '../../core/service/library-schema.js';
import type { Database } from '../../core/library/db.js';
import { scanFolders } from '../../core/library/scan.js';
import { ScanPlanner } from '../../core/library/scan-plan.js';
import { walkFolder, type WalkedFolder } from '../../core/library/walk.js';
import { listTracks } from '../../core/library/tracks.js';
import { LIBRARY_FIXTURES } from './fixture-manifest.js';

// The rescan compares each folder with the rows under it, read by ranges of the path index that
// leave out its subfolders (scan-plan.ts). These names sort differently by UTF-8 bytes (SQLite)
// and by UTF-16 code units (JavaScript), and a space or a dot sorts before the separator.
const LAYOUT = [
  'a.mp3',
  'x/one.mp3',
  'x/deep/er/two.mp3',
  'x y/three.mp3',
  'x.d/four.mp3',
  'x\uFF01/five.mp3',
  'x\u{1F600}/six.mp3',
  'x-/seven.mp3',
  'x0.mp3',
  'y/b\uFF01.mp3',
  'y/b\u{1F600}.mp3',
  'y/c.mp3',
];

let dir: string;
let music: string;
let db: Database;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gw-scan-folders-'));
  music = join(dir, 'music');
  for (const relative of LAYOUT) {
    mkdirSync(dirname(join(music, relative)), { recursive: true });
    copyFileSync(join(LIBRARY_FIXTURES, 'mp3/id3v24-numeric.mp3'), join(music, relative));
  }
  db = openLibrary(join(dir, 'library.db'));
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const scan = (exclude: string[] = []): ReturnType<typeof scanFolders> =>
  scanFolders(db, [music], { threads: 0, exclude });
const gonePaths = (): string[] =>
  listTracks(db, { includeGone: true })
    .filter((t) => t.status === 'gone')
    .map((t) => t.path)
    .sort();

describe('rescanning folder by folder', () => {
  it('finds every track unchanged whatever its name or its folder name sorts like', async () => {
    expect(await scan()).toMatchObject({ files: LAYOUT.length, added: LAYOUT.length });
    const again = await scan();
    expect(again).toMatchObject({ files: LAYOUT.length, unchanged: LAYOUT.length, removed: 0, parsed: 0 });
  });

  it('marks gone the tracks of deleted folders, and only those', async () => {
    await scan();
    rmSync(join(music, 'x y'), { recursive: true });
    rmSync(join(music, 'x', 'deep'), { recursive: true });
    rmSync(join(music, 'x\u{1F600}'), { recursive: true });
    const again = await scan();
    expect(again).toMatchObject({ unchanged: LAYOUT.length - 3, removed: 3, added: 0 });
    expect(gonePaths()).toEqual(
      [join(music, 'x y/three.mp3'), join(music, 'x/deep/er/two.mp3'), join(music, 'x\u{1F600}/six.mp3')].sort(),
    );
  });

  it('marks gone the tracks of an excluded folder and of a folder replaced by a looping link', async () => {
    await scan();
    rmSync(join(music, 'x.d'), { recursive: true });
    symlinkSync(music, join(music, 'x.d'));
    const again = await scan(['x\uFF01']);
    expect(again).toMatchObject({ removed: 2, folderErrors: 1, unchanged: LAYOUT.length - 2 });
    expect(gonePaths()).toEqual([join(music, 'x.d/four.mp3'), join(music, 'x\uFF01/five.mp3')].sort());
  });

  it('matches a file moved into a new folder to its row', async () => {
    await scan();
    const before = listTracks(db).find((t) => t.path === join(music, 'x y/three.mp3'));
    mkdirSync(join(music, 'z'));
    renameSync(join(music, 'x y/three.mp3'), join(music, 'z/three.mp3'));
    const again = await scan();
    expect(again).toMatchObject({ moved: 1, removed: 0, added: 0 });
    expect(listTracks(db).find((t) => t.path === join(music, 'z/three.mp3'))?.id).toBe(before?.id);
  });

  it('hands over each folder with its sorted files and its subfolders, and a looping link as an empty folder', async () => {
    symlinkSync(music, join(music, 'y', 'loop'));
    const folders: WalkedFolder[] = [];
    const walked = await walkFolder(music, { onFolder: (folder) => folders.push(folder) });
    expect(walked.files).toEqual([]);
    const y = folders.find((f) => f.path === join(music, 'y'));
    expect(y?.files.map((f) => f.path)).toEqual(
      ['b\u{1F600}.mp3', 'b\uFF01.mp3', 'c.mp3'].map((name) => join(music, 'y', name)),
    );
    expect(y?.subfolders).toEqual([join(music, 'y', 'loop')]);
    expect(folders.find((f) => f.path === join(music, 'y', 'loop'))).toEqual({
      path: join(music, 'y', 'loop'),
      files: [],
      subfolders: [],
    });
    expect(folders.flatMap((f) => f.files).length).toBe(LAYOUT.length);
    expect(folders.find((f) => f.path === music)?.subfolders.sort()).toEqual(
      ['x', 'x y', 'x.d', 'x\uFF01', 'x\u{1F600}', 'x-', 'y'].map((name) => join(music, name)).sort(),
    );
  });

  it('adds a file whose valid UTF-8 name holds U+FFFD, next to names listed as text', async () => {
    // U+FFFD is what an undecodable byte turns into: such a folder is listed again as bytes.
    copyFileSync(join(LIBRARY_FIXTURES, 'mp3/id3v24-numeric.mp3'), join(music, 'y', 'd\uFFFD.mp3'));
    expect(await scan()).toMatchObject({ files: LAYOUT.length + 1, added: LAYOUT.length + 1, errors: 0 });
    expect(listTracks(db).map((t) => t.path)).toContain(join(music, 'y', 'd\uFFFD.mp3'));
    expect(await scan()).toMatchObject({ unchanged: LAYOUT.length + 1, removed: 0 });
  });

  it("holds one folder's rows at a time, not the library's", async () => {
    for (let album = 0; album < 3; album++)
      for (let track = 0; track < 4; track++) {
        const path = join(music, 'many', `album ${album}`, `${track}.mp3`);
        mkdirSync(dirname(path), { recursive: true });
        copyFileSync(join(LIBRARY_FIXTURES, 'mp3/id3v24-numeric.mp3'), path);
      }
    await scan();
    const planner = new ScanPlanner(db);
    planner.loadErrors(music);
    const walked = await walkFolder(music, { onFolder: (folder) => planner.compare(1, folder) });
    const plan = planner.finish();
    expect(walked.files).toEqual([]);
    expect(plan).toMatchObject({ jobs: [], unchanged: LAYOUT.length + 12 });
    expect(plan.missingBySize.size).toBe(0);
    expect(planner.peakRowsHeld).toBe(4);
  });
});
