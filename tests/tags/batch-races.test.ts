import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../core/library/db.js';
import { scanFolders } from '../../core/library/scan.js';
import { openLibrary } from '../../core/service/library-schema.js';
import { BatchError, undoBatch, writeBatch, type WriteItem } from '../../core/tags/batch.js';
import { createBatch, getBatch, listBatches } from '../../core/tags/journal.js';
import { copyFixture, fixtureFiles, readTags, removeDir, tempDir } from './fixtures.js';

const CHILD = resolve(import.meta.dirname, 'kill-batch-child.js');
const ROOT = resolve(import.meta.dirname, '../..');

interface Row {
  id: number;
  path: string;
  size: number;
  mtime_ms: number;
}

function items(db: Database, genres: readonly string[]): WriteItem[] {
  const rows = db
    .prepare("SELECT id, path, size, mtime_ms FROM tracks WHERE status = 'present' ORDER BY id")
    .all() as Row[];
  return rows.map((r) => ({ trackId: r.id, path: r.path, expectedSize: r.size, expectedMtimeMs: r.mtime_ms, genres }));
}

/** Runs a write batch in a child process (compiled code) and SIGKILLs it after `killAfter` files. */
function killedBatch(dbPath: string, genres: readonly string[], killAfter: number): Promise<number> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CHILD, dbPath, JSON.stringify(genres)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let lastDone = 0;
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      for (const m of out.matchAll(/done (\d+)\n/g)) lastDone = Math.max(lastDone, Number(m[1]));
      if (lastDone >= killAfter) child.kill('SIGKILL');
    });
    child.on('error', fail);
    child.on('close', (_code, signal) =>
      signal === 'SIGKILL' ? done(lastDone) : fail(new Error(`the batch finished before it was killed: ${out}`)),
    );
  });
}

describe('tag-write batches under crashes and races (issue 12, items 7 and 8)', () => {
  let dir: string;
  let dbPath: string;
  let db: Database;

  beforeAll(async () => {
    dir = tempDir('genrewise-races-');
    const folder = join(dir, 'music');
    // Enough files that the kill lands midway.
    const files = fixtureFiles().filter((f) => /\.(mp3|flac|ogg|m4a)$/.test(f.path));
    for (let copy = 0; copy < 3; copy++)
      for (const f of files) copyFixture(f, folder, `${copy}-${f.path.replace(/\//g, '-')}`);
    dbPath = join(dir, 'library.db');
    db = openLibrary(dbPath);
    await scanFolders(db, [folder], { threads: 0 });
  });
  afterAll(() => {
    db.close();
    removeDir(dir);
  });

  it('undo after a killed write-tags recovers it first and undoes it, not the batch before', async () => {
    const first = await writeBatch(db, items(db, ['Jazz']), { mode: 'replace' });
    expect(first.failed).toBe(0);
    const total = items(db, []).length;
    const doneBeforeKill = await killedBatch(dbPath, ['Rock'], 3);
    expect(doneBeforeKill).toBeLessThan(total);
    const killed = listBatches(db)[0];
    expect(killed?.status).toBe('running');

    const undo = await undoBatch(db);
    expect(undo.failed).toBe(0);
    expect(getBatch(db, undo.batch ?? -1)?.undoOf).toBe(killed?.id);
    // Every file is back where the killed batch found it: Jazz, not the genres before Jazz.
    for (const item of items(db, [])) expect((await readTags(item.path)).common.genre).toEqual(['Jazz']);
    expect(getBatch(db, first.batch ?? -1)?.undoneBy).toBeNull();
  });

  it('refuses a second batch while one is running, even when both passed recovery', async () => {
    const [a, b] = await Promise.allSettled([
      writeBatch(db, items(db, ['Blues']), { mode: 'replace' }),
      writeBatch(db, items(db, ['Metal']), { mode: 'replace' }),
    ]);
    const outcomes = [a, b].map((r) => r.status);
    expect(outcomes.sort()).toEqual(['fulfilled', 'rejected']);
    const refused = [a, b].find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(BatchError);
    expect(String(refused.reason)).toMatch(/another tag-write batch .* is running/);
    expect(listBatches(db).filter((x) => x.status === 'running')).toEqual([]);
  });

  it('the guard itself is atomic: createBatch refuses while a batch is running', () => {
    const spec = {
      kind: 'write' as const,
      mode: 'replace',
      keepMtime: false,
      undoOf: null,
      pid: process.pid,
      host: null,
    };
    const id = createBatch(db, spec);
    try {
      expect(() => createBatch(db, spec)).toThrow(BatchError);
    } finally {
      db.prepare("UPDATE tag_write_batches SET status = 'done' WHERE id = ?").run(id);
    }
  });
});
