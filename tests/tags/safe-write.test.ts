import { spawn, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  chmodSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TagWriteError } from '../../core/tags/errors.js';
import { locksHeldByOthers, majorMinor, parseProcLocks, primeLockTableForTest } from '../../core/tags/io/locks.js';
import { nodeTagFs, type TagFs, type WritableFile } from '../../core/tags/io/tag-fs.js';
import { safeWriteGenres } from '../../core/tags/safe-write.js';
import { validateGenres } from '../../core/tags/validate-genres.js';
import { isTempName, removeLeftoverTempFiles, tempPathFor } from '../../core/tags/temp-files.js';
import { createBatch, listTempFiles, recordTempFile } from '../../core/tags/journal.js';
import { openLibrary } from '../../core/service/library-schema.js';
import { scanFolders } from '../../core/library/scan.js';
import { copyFixture, fixture, readTags, removeDir, tempDir } from './fixtures.js';

const REPO = resolve(import.meta.dirname, '../..');
const NOBODY = 65534;

let dir: string;
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => removeDir(dir));

let counter = 0;
/** A private folder holding one fixture copy, so temp-file checks see only this test's files. */
function fresh(path = 'mp3/id3v24-numeric.mp3'): { file: string; folder: string } {
  const folder = join(dir, `case-${counter++}`);
  mkdirSync(folder);
  return { file: copyFixture(fixture(path), folder), folder };
}

function tempFilesIn(folder: string): string[] {
  return readdirSync(folder).filter((n) => n.includes('genrewise-tmp'));
}

async function expectRefused(promise: Promise<unknown>, kind: TagWriteError['kind']): Promise<TagWriteError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TagWriteError);
  expect((error as TagWriteError).kind).toBe(kind);
  return error as TagWriteError;
}

function expectUntouched(file: string, bytes: Buffer, folder: string): void {
  expect(readFileSync(file).equals(bytes)).toBe(true);
  expect(tempFilesIn(folder)).toEqual([]);
}

/** The real file system with one operation replaced. */
function faultyFs(overrides: Partial<TagFs>): TagFs {
  return { ...nodeTagFs, ...overrides };
}

function enospc(): NodeJS.ErrnoException {
  return Object.assign(new Error('ENOSPC: no space left on device, write'), {
    code: 'ENOSPC',
    errno: -28,
    syscall: 'write',
  });
}

/** A file whose writes fail with ENOSPC once `budget` bytes were written. */
function fillingFile(file: WritableFile, budget: number): WritableFile {
  let written = 0;
  return {
    write: async (data, position) => {
      if (written + data.length > budget) throw enospc();
      written += data.length;
      await file.write(data, position);
    },
    truncate: (l) => file.truncate(l),
    sync: () => file.sync(),
    chmod: (m) => file.chmod(m),
    chown: (u, g) => file.chown(u, g),
    utimes: (a, m) => file.utimes(a, m),
    close: () => file.close(),
  };
}

describe('refusals', () => {
  it('refuses a file marked read-only', async () => {
    const { file, folder } = fresh();
    chmodSync(file, 0o444);
    const bytes = readFileSync(file);
    const error = await expectRefused(safeWriteGenres(file, ['Jazz']), 'read-only');
    expect(error.message).toContain('read-only');
    expectUntouched(file, bytes, folder);
  });

  it('refuses a file in a folder marked read-only (no write bits), even as root', async () => {
    const { file, folder } = fresh();
    chmodSync(folder, 0o555);
    const bytes = readFileSync(file);
    try {
      const error = await expectRefused(safeWriteGenres(file, ['Jazz']), 'read-only');
      expect(error.message).toContain('marked read-only');
    } finally {
      chmodSync(folder, 0o755);
    }
    expectUntouched(file, bytes, folder);
  });

  // A folder with write bits for its owner only: another user may write the file but not create
  // the safe copy beside it. Root may do anything, so as root the write runs as `nobody` through
  // the compiled module (what `npm test` builds first).
  const asRoot = process.getuid?.() === 0;
  const compiled = join(REPO, 'dist/node/core/tags/safe-write.js');
  it.runIf(!asRoot || existsSync(compiled))('refuses a file in a folder it may not create files in', async () => {
    const { file, folder } = fresh();
    const bytes = readFileSync(file);
    if (!asRoot) {
      chmodSync(folder, 0o555);
      try {
        await expectRefused(safeWriteGenres(file, ['Jazz']), 'read-only');
      } finally {
        chmodSync(folder, 0o755);
      }
      expectUntouched(file, bytes, folder);
      return;
    }
    // Owned by root, rwxr-xr-x; the file itself writable by anyone; every parent searchable.
    chmodSync(folder, 0o755);
    chmodSync(file, 0o666);
    chmodSync(dir, 0o755);
    const script = `import(${JSON.stringify(compiled)}).then(({ safeWriteGenres }) =>
      safeWriteGenres(${JSON.stringify(file)}, ['Jazz']).then(
        () => console.log(JSON.stringify({ written: true })),
        (e) => console.log(JSON.stringify({ kind: e.kind, message: e.message })),
      ));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      uid: NOBODY,
      gid: NOBODY,
      cwd: '/',
      env: { PATH: process.env.PATH ?? '' },
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const outcome = JSON.parse(run.stdout) as { kind?: string; message?: string };
    expect(outcome.kind).toBe('read-only');
    expect(outcome.message).toContain('no permission to create files');
    expectUntouched(file, bytes, folder);
  });

  it('refuses a file whose size or mtime differ from the scan', async () => {
    const { file, folder } = fresh();
    const st = statSync(file);
    const bytes = readFileSync(file);
    await expectRefused(
      safeWriteGenres(file, ['Jazz'], { expected: { size: st.size + 1, mtimeMs: Math.trunc(st.mtimeMs) } }),
      'changed-since-scan',
    );
    await expectRefused(
      safeWriteGenres(file, ['Jazz'], { expected: { size: st.size, mtimeMs: Math.trunc(st.mtimeMs) - 2000 } }),
      'changed-since-scan',
    );
    expectUntouched(file, bytes, folder);
    const ok = await safeWriteGenres(file, ['Jazz'], { expected: { size: st.size, mtimeMs: Math.trunc(st.mtimeMs) } });
    expect(ok.changed).toBe(true);
  });

  it('refuses a file another process holds an flock on (Linux /proc/locks)', async () => {
    if (process.platform !== 'linux' || spawnSync('flock', ['--version']).status !== 0) return;
    const { file, folder } = fresh();
    const bytes = readFileSync(file);
    const holder = spawn('flock', ['--exclusive', file, 'sleep', '30'], { stdio: 'ignore' });
    try {
      const ino = statSync(file).ino;
      for (let i = 0; i < 100 && !(await readFile('/proc/locks', 'utf8')).includes(`:${ino} `); i++) {
        await new Promise((r) => setTimeout(r, 20));
      }
      // The lock table is re-read at most every 200 ms (see io/locks.ts).
      await new Promise((r) => setTimeout(r, 250));
      const error = await expectRefused(safeWriteGenres(file, ['Jazz']), 'locked');
      expect(error.message).toMatch(/FLOCK WRITE lock by process \d+/);
      expectUntouched(file, bytes, folder);
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('refuses genre values that cannot round-trip', () => {
    expect(() => validateGenres(['Rock', 'Rock'])).toThrow(TagWriteError);
    expect(() => validateGenres([' Rock'])).toThrow(TagWriteError);
    expect(() => validateGenres([''])).toThrow(TagWriteError);
    expect(() => validateGenres(['Rock\0Pop'])).toThrow(TagWriteError);
    expect(() => validateGenres(['Rock', 'rock', 'Électro'])).not.toThrow();
  });

  it('stops before replacing the file when cancelled', async () => {
    const { file, folder } = fresh();
    const bytes = readFileSync(file);
    const controller = new AbortController();
    controller.abort();
    await expectRefused(safeWriteGenres(file, ['Jazz'], { signal: controller.signal }), 'cancelled');
    expectUntouched(file, bytes, folder);
  });
});

describe('failures while writing leave the original intact and no temporary file', () => {
  it('disk full halfway through a streamed write (the audio moves: new tag in an untagged MP3)', async () => {
    const { file, folder } = fresh('mp3/id3v1-only.mp3');
    const bytes = readFileSync(file);
    const fs = faultyFs({ createExclusive: async (p, m) => fillingFile(await nodeTagFs.createExclusive(p, m), 4096) });
    const error = await expectRefused(safeWriteGenres(file, ['Jazz'], { fs }), 'no-space');
    expect(error.message).toContain('the original is unchanged');
    expectUntouched(file, bytes, folder);
  });

  it('disk full while cloning the original (the tag fits in its padding)', async () => {
    const { file, folder } = fresh();
    const bytes = readFileSync(file);
    const fs = faultyFs({
      cloneFile: async (from, to) => {
        writeFileSync(to, readFileSync(from).subarray(0, 1000));
        throw enospc();
      },
    });
    await expectRefused(safeWriteGenres(file, ['Jazz'], { fs }), 'no-space');
    expectUntouched(file, bytes, folder);
  });

  it('disk full reported at fsync (delayed allocation)', async () => {
    const { file, folder } = fresh('flac/repeated-genre-cover.flac');
    const bytes = readFileSync(file);
    const failingSync = (f: WritableFile): WritableFile => ({
      write: (d, pos) => f.write(d, pos),
      truncate: (l) => f.truncate(l),
      chmod: (m) => f.chmod(m),
      chown: (u, g) => f.chown(u, g),
      utimes: (a, m) => f.utimes(a, m),
      close: () => f.close(),
      sync: async () => Promise.reject(enospc()),
    });
    const fs = faultyFs({
      openForWrite: async (p) => failingSync(await nodeTagFs.openForWrite(p)),
      createExclusive: async (p, m) => failingSync(await nodeTagFs.createExclusive(p, m)),
    });
    await expectRefused(safeWriteGenres(file, ['Jazz'], { fs }), 'no-space');
    expectUntouched(file, bytes, folder);
  });

  it('the rename is refused (file busy on Windows)', async () => {
    const { file, folder } = fresh('ogg/vorbis-semicolon.ogg');
    const bytes = readFileSync(file);
    const fs = faultyFs({
      rename: async () =>
        Promise.reject(Object.assign(new Error('EBUSY: resource busy or locked, rename'), { code: 'EBUSY' })),
    });
    await expectRefused(safeWriteGenres(file, ['Jazz'], { fs }), 'locked');
    expectUntouched(file, bytes, folder);
  });

  it('a corrupted copy is caught by the audio hash and never installed', async () => {
    const { file, folder } = fresh('mp3/id3v24-numeric.mp3');
    const bytes = readFileSync(file);
    const fs = faultyFs({
      cloneFile: async (from, to) => {
        await nodeTagFs.cloneFile(from, to);
        const copy = readFileSync(to);
        copy[copy.length - 10] = (copy[copy.length - 10] as number) ^ 0xff;
        writeFileSync(to, copy);
      },
    });
    await expectRefused(safeWriteGenres(file, ['Jazz'], { fs }), 'audio-changed');
    expectUntouched(file, bytes, folder);
    // The same for a file too large to hold in memory (compared by SHA-256 instead).
    await expectRefused(safeWriteGenres(file, ['Jazz'], { fs, memoryLimit: 0 }), 'audio-changed');
    expectUntouched(file, bytes, folder);
  });

  it('another program changing the original meanwhile stops the replacement', async () => {
    const { file, folder } = fresh('wv/apev2.wv');
    const fs = faultyFs({
      createExclusive: async (p, m) => {
        appendFileSync(file, 'x');
        return nodeTagFs.createExclusive(p, m);
      },
      cloneFile: async (from, to) => {
        await nodeTagFs.cloneFile(from, to);
        appendFileSync(file, 'x');
      },
    });
    const changed = readFileSync(file);
    await expectRefused(safeWriteGenres(file, ['Jazz'], { fs }), 'changed-during-write');
    // The other program's version stays: ours was not installed over it.
    expect(readFileSync(file).subarray(0, changed.length).equals(changed)).toBe(true);
    expect(tempFilesIn(folder)).toEqual([]);
  });
});

/** A real full file system: a 256 KiB tmpfs, when this process may mount one (root on Linux). */
function mountTinyTmpfs(target: string): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  mkdirSync(target, { recursive: true });
  return spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', target]).status === 0;
}

describe('a nearly full real file system', () => {
  const parent = tempDir('genrewise-tmpfs-');
  const mountPoint = join(parent, 'mnt');
  const mounted = mountTinyTmpfs(mountPoint);
  afterAll(() => {
    if (mounted) spawnSync('umount', [mountPoint]);
    removeDir(parent);
  });

  it.skipIf(!mounted)('fails with no-space and leaves the original intact', async () => {
    // 176 kB WAV in a 256 kB file system: its copy cannot fit.
    const file = copyFixture(fixture('wav/riff-info.wav'), mountPoint);
    const bytes = readFileSync(file);
    const error = await expectRefused(safeWriteGenres(file, ['Jazz']), 'no-space');
    expect(error.message).toContain('no space');
    expectUntouched(file, bytes, mountPoint);
    expect((await readTags(file)).common.genre).toEqual(['Country']);
  });
});

describe('what the new version keeps', () => {
  it('keeps the original mtime on request, and the file mode always', async () => {
    const { file } = fresh('flac/untagged.flac');
    chmodSync(file, 0o640);
    const old = new Date('2001-02-03T04:05:06.789Z');
    utimesSync(file, old, old);
    await safeWriteGenres(file, ['Jazz'], { keepMtime: true });
    const st = statSync(file);
    expect(Math.trunc(st.mtimeMs)).toBe(old.getTime());
    expect(st.mode & 0o777).toBe(0o640);
    await safeWriteGenres(file, ['Blues']);
    expect(statSync(file).mtimeMs).toBeGreaterThan(old.getTime() + 1000);
  });

  it('writes through a symbolic link and keeps the link', async () => {
    const { file, folder } = fresh('opus/tagged.opus');
    const link = join(folder, 'link.opus');
    symlinkSync(file, link);
    const result = await safeWriteGenres(link, ['Jazz']);
    expect(result.path).toBe(link);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect((await readTags(file)).common.genre).toEqual(['Jazz']);
  });
});

describe('temporary files', () => {
  it('are hidden, beside the original, named after it; cleanup removes only those the journal recorded', async () => {
    const folder = join(dir, 'leftovers');
    mkdirSync(folder);
    const original = join(folder, 'Song (live) #1.mp3');
    const temp = tempPathFor(original);
    expect(temp.startsWith(join(folder, '.Song (live) #1.mp3.genrewise-tmp-'))).toBe(true);
    expect(isTempName(temp.slice(folder.length + 1))).toBe(true);
    writeFileSync(temp, 'partial');
    // Issue 12, item 9: a real track that happens to be named like a temporary copy stays.
    const lookalike = join(folder, '.x.flac.genrewise-tmp-0123456789.flac');
    const keep = [
      '.Song.mp3.genrewise-tmp-short',
      'Song.mp3.genrewise-tmp-abcdefghij',
      '.hidden.mp3',
      'Song (live) #1.mp3',
    ];
    for (const name of keep) writeFileSync(join(folder, name), 'keep');
    copyFileSync(temp, lookalike);
    const db = openLibrary(join(folder, 'journal.db'));
    try {
      const batch = createBatch(db, {
        kind: 'write',
        mode: 'replace',
        keepMtime: false,
        undoOf: null,
        pid: 1,
        host: null,
      });
      recordTempFile(db, batch, temp);
      recordTempFile(db, batch, join(folder, '.gone.mp3.genrewise-tmp-abcdefghij.mp3'));
      const removed = await removeLeftoverTempFiles(db);
      expect(removed).toEqual([temp]);
      expect(listTempFiles(db)).toEqual([]);
    } finally {
      db.close();
    }
    expect(existsSync(temp)).toBe(false);
    expect(existsSync(lookalike)).toBe(true);
    expect(readdirSync(folder).filter((n) => !n.startsWith('journal.db'))).toEqual(
      expect.arrayContaining([...keep, '.x.flac.genrewise-tmp-0123456789.flac']),
    );
  });

  it('are not indexed by the scanner when a killed write left one behind', async () => {
    const folder = join(dir, 'scan-leftovers');
    const song = copyFixture(fixture('mp3/id3v1-only.mp3'), folder, 'song.mp3');
    copyFileSync(song, tempPathFor(song));
    const db = openLibrary(join(dir, 'scan-leftovers.db'));
    try {
      await scanFolders(db, [folder], { threads: 0 });
      expect(db.prepare('SELECT path FROM tracks').pluck().all()).toEqual([song]);
    } finally {
      db.close();
    }
  });
});

describe('long file names', () => {
  it('writes a file whose name is at the 255-byte limit (the temporary name is shortened)', async () => {
    const folder = join(dir, 'long-names');
    mkdirSync(folder);
    const name = `${'é'.repeat(124)}x.opus`; // 124 × 2 + 1 + 5 = 254 bytes
    const file = copyFixture(fixture('opus/tagged.opus'), folder, name);
    const temp = tempPathFor(file);
    expect(Buffer.byteLength(temp.slice(folder.length + 1))).toBeLessThanOrEqual(255);
    expect(isTempName(temp.slice(folder.length + 1))).toBe(true);
    await safeWriteGenres(file, ['Jazz']);
    expect((await readTags(file)).common.genre).toEqual(['Jazz']);
    expect(tempFilesIn(folder)).toEqual([]);
  });
});

describe('/proc/locks parsing', () => {
  it('matches device and inode, skips waiters and our own locks', () => {
    // dev 0x0801 = major 8, minor 1.
    const text = [
      '1: FLOCK  ADVISORY  WRITE 4242 08:01:123456 0 EOF',
      '1: -> FLOCK  ADVISORY  WRITE 4343 08:01:123456 0 EOF',
      '2: POSIX  ADVISORY  READ 77 08:01:123456 0 99',
      '3: POSIX  ADVISORY  WRITE 55 08:01:999 0 EOF',
      '4: OFDLCK ADVISORY  WRITE -1 08:02:123456 0 EOF',
    ].join('\n');
    expect(parseProcLocks(text, 0x0801, 123456, 77)).toEqual([{ type: 'FLOCK', access: 'WRITE', pid: 4242 }]);
  });

  it.runIf(process.platform === 'linux')(
    'confirms a lock seen in the cached table against a fresh one (an inode freed and reused)',
    () => {
      // A library database in /tmp was locked when the table was read, then closed and deleted;
      // its inode now belongs to a track nobody holds. The stale line must not refuse the track.
      const dir = mkdtempSync(join(tmpdir(), 'genrewise-locks-'));
      try {
        const file = join(dir, 'track.mp3');
        writeFileSync(file, 'audio');
        const st = statSync(file);
        const [major, minor] = majorMinor(st.dev);
        const hex = (n: number): string => n.toString(16).padStart(2, '0');
        const stale = `1: POSIX  ADVISORY  READ 999999 ${hex(major)}:${hex(minor)}:${st.ino} 0 EOF`;
        const now = Date.now();
        primeLockTableForTest(stale, now);
        expect(locksHeldByOthers(st.dev, st.ino, now + 10)).toEqual([]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
