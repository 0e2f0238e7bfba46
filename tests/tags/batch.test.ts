import { readFileSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLibrary } from '../../core/service/library-schema.js';
import type { Database } from '../../core/library/db.js';
import { scanFolders } from '../../core/library/scan.js';
import { audioHashOfFile } from '../../core/tags/audio-hash.js';
import { BatchError, recoverInterruptedBatches, undoBatch, writeBatch, type WriteItem } from '../../core/tags/batch.js';
import { batchEntries, createBatch, getBatch, insertEntry, listBatches } from '../../core/tags/journal.js';
import { safeWriteGenres } from '../../core/tags/safe-write.js';
import { commonWithoutGenre, copyFixture, fixtureFiles, readTags, removeDir, tempDir } from './fixtures.js';

/**
 * Batches against a real library: the fixtures scanned into a SQLite file by the real scanner,
 * written, rescanned (no spurious change), undone (previous values exactly), plus the journal's
 * recovery of a killed batch and its refusals.
 */
interface TrackRow {
  id: number;
  path: string;
  size: number;
  mtime_ms: number;
  genres: string;
}

let dir: string;
let db: Database;

function tracks(): TrackRow[] {
  return db
    .prepare("SELECT id, path, size, mtime_ms, genres FROM tracks WHERE status = 'present' ORDER BY path")
    .all() as TrackRow[];
}

function itemsFor(rows: readonly TrackRow[], genres: readonly string[]): WriteItem[] {
  return rows.map((t) => ({ trackId: t.id, path: t.path, expectedSize: t.size, expectedMtimeMs: t.mtime_ms, genres }));
}

async function scan(folder: string): Promise<Awaited<ReturnType<typeof scanFolders>>> {
  return scanFolders(db, [folder], { threads: 0 });
}

beforeAll(() => {
  dir = tempDir();
  db = openLibrary(join(dir, 'library.db'));
});
afterAll(() => {
  db.close();
  removeDir(dir);
});

describe('write, rescan, undo', () => {
  let folder: string;
  let initial: TrackRow[];
  const originals = new Map<string, { genres: string[]; rest: unknown; hash: string }>();

  beforeAll(async () => {
    folder = join(dir, 'music');
    for (const f of fixtureFiles()) copyFixture(f, folder, f.path.replace(/\//g, '-'));
    await scan(folder);
    initial = tracks();
    for (const t of initial) {
      const m = await readTags(t.path);
      originals.set(t.path, {
        genres: m.common.genre ?? [],
        rest: commonWithoutGenre(m),
        hash: await audioHashOfFile(t.path),
      });
    }
  });

  it('a dry run plans every file and changes nothing', async () => {
    const before = initial.map((t) => readFileSync(t.path));
    const result = await writeBatch(db, itemsFor(initial, ['Jazz']), { mode: 'replace', dryRun: true });
    expect(result.batch).toBeNull();
    expect(result.written).toBe(initial.length);
    expect(result.items.every((i) => i.status === 'would-write')).toBe(true);
    expect(result.items.map((i) => i.before)).toEqual(initial.map((t) => originals.get(t.path)?.genres));
    initial.forEach((t, i) => expect(readFileSync(t.path).equals(before[i] as Buffer)).toBe(true));
    expect(listBatches(db)).toEqual([]);
  });

  it('writes every file, journals it and updates the library so a rescan sees no change', async () => {
    const progress: number[] = [];
    const result = await writeBatch(db, itemsFor(initial, ['Gospel', 'Swing']), {
      mode: 'replace',
      onProgress: (p) => progress.push(p.done),
    });
    expect(result).toMatchObject({ written: initial.length, skipped: 0, failed: 0, cancelled: false });
    expect(progress).toEqual(initial.map((_, i) => i + 1));

    const batch = getBatch(db, result.batch as number);
    expect(batch).toMatchObject({
      kind: 'write',
      mode: 'replace',
      status: 'done',
      written: initial.length,
      undoneBy: null,
    });
    const entries = batchEntries(db, result.batch as number);
    expect(entries.map((e) => e.status)).toEqual(initial.map(() => 'ok'));
    for (const e of entries) {
      expect(e.genresBefore).toEqual(originals.get(e.path)?.genres);
      expect(e.genresAfter).toEqual(['Gospel', 'Swing']);
      expect(e.sizeAfter).toBe(statSync(e.path).size);
    }
    for (const t of tracks()) {
      expect(JSON.parse(t.genres)).toEqual(['Gospel', 'Swing']);
      expect(t.size).toBe(statSync(t.path).size);
      expect(t.mtime_ms).toBe(Math.trunc(statSync(t.path).mtimeMs));
    }
    const rescan = await scan(folder);
    expect(rescan).toMatchObject({ files: initial.length, unchanged: initial.length, updated: 0, parsed: 0 });
  });

  it('skips files that already carry the genres', async () => {
    const result = await writeBatch(db, itemsFor(tracks(), ['Gospel', 'Swing']), { mode: 'replace' });
    expect(result).toMatchObject({ written: 0, skipped: initial.length, failed: 0 });
  });

  it('undo restores exactly the previous values, tags, cover art and audio, and the library rows', async () => {
    const result = await undoBatch(db);
    expect(result).toMatchObject({ written: initial.length, failed: 0 });
    const undo = getBatch(db, result.batch as number);
    expect(undo).toMatchObject({ kind: 'undo', mode: 'undo' });
    const undone = getBatch(db, undo?.undoOf as number);
    expect(undone?.undoneBy).toBe(undo?.id);
    for (const t of tracks()) {
      const m = await readTags(t.path);
      const original = originals.get(t.path);
      expect(m.common.genre ?? []).toEqual(original?.genres);
      expect(commonWithoutGenre(m)).toEqual(original?.rest);
      expect(await audioHashOfFile(t.path)).toBe(original?.hash);
    }
    // The library holds what the scanner itself read before anything was written.
    expect(tracks().map((t) => t.genres)).toEqual(initial.map((t) => t.genres));
    expect(await scan(folder)).toMatchObject({ unchanged: initial.length, parsed: 0 });
  });

  it('has nothing left to undo by default', async () => {
    await expect(undoBatch(db)).rejects.toThrow(BatchError);
  });
});

describe('journal safety', () => {
  let folder: string;
  let rows: TrackRow[];

  beforeAll(async () => {
    folder = join(dir, 'safety');
    for (const name of ['mp3/id3v24-numeric.mp3', 'flac/untagged.flac', 'opus/tagged.opus']) {
      const f = fixtureFiles().find((x) => x.path === name);
      if (f) copyFixture(f, folder, name.replace(/\//g, '-'));
    }
    await scan(folder);
    rows = tracks().filter((t) => t.path.startsWith(folder));
  });

  it('refuses a file changed since the scan and writes the others', async () => {
    const [first, ...others] = rows as [TrackRow, ...TrackRow[]];
    utimesSync(first.path, new Date(), new Date(Date.now() + 5000));
    const result = await writeBatch(db, itemsFor(rows, ['Country']), { mode: 'fill' });
    expect(result).toMatchObject({ written: others.length, failed: 1 });
    expect(result.items[0]).toMatchObject({ status: 'failed', errorKind: 'changed-since-scan' });
    await scan(folder);
    rows = tracks().filter((t) => t.path.startsWith(folder));
  });

  it('undo refuses a file written again by a later batch and leaves the batch undoable', async () => {
    const target = rows[1] as TrackRow;
    const a = await writeBatch(db, itemsFor([target], ['Pop']), { mode: 'replace' });
    const fresh = tracks().find((t) => t.id === target.id) as TrackRow;
    const b = await writeBatch(db, itemsFor([fresh], ['Soul']), { mode: 'replace' });
    const undoA = await undoBatch(db, a.batch as number);
    expect(undoA).toMatchObject({ written: 0, failed: 1 });
    expect(undoA.items[0]?.error).toContain(`batch ${b.batch}`);
    expect(getBatch(db, a.batch as number)?.undoneBy).toBeNull();
    expect((await readTags(target.path)).common.genre).toEqual(['Soul']);

    // Undo B, then A: back to what the file had before A.
    await undoBatch(db, b.batch as number);
    const again = await undoBatch(db, a.batch as number);
    expect(again).toMatchObject({ written: 1, failed: 0 });
    expect((await readTags(target.path)).common.genre).toEqual(['Country']);
  });

  it('stops at a file boundary when cancelled and records the batch as cancelled', async () => {
    const current = tracks().filter((t) => t.path.startsWith(folder));
    const controller = new AbortController();
    const result = await writeBatch(db, itemsFor(current, ['Metal']), {
      mode: 'replace',
      concurrency: 1,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    expect(result.cancelled).toBe(true);
    expect(result.items).toHaveLength(1);
    expect(getBatch(db, result.batch as number)?.status).toBe('cancelled');
    expect((await readTags((current[1] as TrackRow).path)).common.genre).not.toEqual(['Metal']);
  });

  it('settles a batch left pending by a dead process (journal written by hand; the real SIGKILL is in fault-injection): entries become ok or failed from what the file holds', async () => {
    const current = tracks().filter((t) => t.path.startsWith(folder));
    const [done, notDone] = current as [TrackRow, TrackRow];
    // A batch whose process died after replacing one file and before replacing the other.
    const batchId = createBatch(db, {
      kind: 'write',
      mode: 'replace',
      keepMtime: false,
      undoOf: null,
      pid: 2 ** 22 + 12345,
      host: null,
    });
    const beforeDone = (await readTags(done.path)).common.genre ?? [];
    await safeWriteGenres(done.path, ['Gospel']);
    insertEntry(db, {
      batchId,
      trackId: done.id,
      path: done.path,
      genresBefore: beforeDone,
      genresAfter: ['Gospel'],
      status: 'pending',
    });
    insertEntry(db, {
      batchId,
      trackId: notDone.id,
      path: notDone.path,
      genresBefore: [],
      genresAfter: ['Gospel'],
      status: 'pending',
    });

    const recovery = await recoverInterruptedBatches(db);
    expect(recovery.batches).toBe(1);
    expect(recovery.completed.map((r) => r.path)).toEqual([done.path]);
    expect(getBatch(db, batchId)?.status).toBe('interrupted');
    const entries = batchEntries(db, batchId);
    expect(entries.map((e) => e.status)).toEqual(['ok', 'failed']);
    expect(entries[1]?.errorKind).toBe('interrupted');
    const row = tracks().find((t) => t.id === done.id) as TrackRow;
    expect(JSON.parse(row.genres)).toEqual(['Gospel']);
    expect(row.size).toBe(statSync(done.path).size);
    // The recovered batch is undoable like any other.
    const undo = await undoBatch(db, batchId);
    expect(undo).toMatchObject({ written: 1, failed: 0 });
    expect((await readTags(done.path)).common.genre ?? []).toEqual(beforeDone);
  });

  it('a batch built from library rows read before a recovery accepts the recovered files', async () => {
    const row = tracks().find((t) => t.path.startsWith(folder)) as TrackRow;
    const stale = itemsFor([row], ['Tango']);
    const batchId = createBatch(db, {
      kind: 'write',
      mode: 'replace',
      keepMtime: false,
      undoOf: null,
      pid: 2 ** 22 + 54321,
      host: null,
    });
    const written = await safeWriteGenres(row.path, ['Tango'], { expected: { size: row.size, mtimeMs: row.mtime_ms } });
    insertEntry(db, {
      batchId,
      trackId: row.id,
      path: row.path,
      genresBefore: written.genresBefore,
      genresAfter: ['Tango'],
      status: 'pending',
      sizeBefore: row.size,
      mtimeMsBefore: row.mtime_ms,
    });
    const result = await writeBatch(db, stale, { mode: 'replace' });
    expect(result).toMatchObject({ written: 0, skipped: 1, failed: 0 });
    expect(batchEntries(db, batchId).map((e) => e.status)).toEqual(['ok']);
  });

  it('refuses to start while another live process runs a batch on the same library', async () => {
    const batchId = createBatch(db, {
      kind: 'write',
      mode: 'replace',
      keepMtime: false,
      undoOf: null,
      pid: process.pid,
      host: (await import('node:os')).hostname(),
    });
    try {
      await expect(writeBatch(db, [], { mode: 'replace' })).rejects.toThrow(/another tag-write batch/);
    } finally {
      db.prepare("UPDATE tag_write_batches SET status = 'done' WHERE id = ?").run(batchId);
    }
  });
});
