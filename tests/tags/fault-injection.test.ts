import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLibrary } from '../../core/service/library-schema.js';
import { scanFolders } from '../../core/library/scan.js';
import { audioHashOfFile } from '../../core/tags/audio-hash.js';
import { safeWriteGenres } from '../../core/tags/safe-write.js';
import {
  copyFixture,
  decodedMd5,
  fixtureFiles,
  fixturePath,
  readTags,
  removeDir,
  sha256,
  tempDir,
} from './fixtures.js';

/**
 * A batch over 200 mixed files, run in a child process and killed with SIGKILL at random points
 * several times. After every kill each file must be byte for byte either its old or its new
 * version, parse, and keep its audio hash; the next run cleans up temporary files and recovers
 * the journal; the last run completes the batch. The random seed is printed (and can be fixed
 * with GENREWISE_FAULT_SEED) so a failure can be replayed.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const CHILD = resolve(import.meta.dirname, 'kill-batch-child.js');
const FILES = 200;
const KILLS = 6;
const GENRES = ['Psychedelic Rock', 'Ambient'];

/** Small deterministic PRNG (mulberry32) so a failing run can be replayed from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Known {
  oldHash: string;
  newHash: string;
  audio: string;
}

let dir: string;
let library: string;
let dbPath: string;
const known = new Map<string, Known>();

function buildDist(): void {
  // The child runs the compiled code: compile what the tests import. Type errors elsewhere in
  // the tree do not stop tsc from emitting, so only a missing output fails here.
  spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.node.json')], {
    cwd: ROOT,
    stdio: 'ignore',
  });
  if (!existsSync(join(ROOT, 'dist/node/core/tags/batch.js')))
    throw new Error('tsc did not produce dist/node/core/tags/batch.js');
}

beforeAll(async () => {
  buildDist();
  dir = tempDir('genrewise-fault-');
  library = join(dir, 'library');
  dbPath = join(dir, 'library.db');
  // Reference versions: each fixture written once with the batch's genres (the writers are
  // deterministic, so this is byte for byte what the batch produces).
  const reference = new Map<string, { newHash: string; audio: string }>();
  for (const f of fixtureFiles()) {
    const copy = copyFixture(f, join(dir, 'reference'), f.path.replace(/\//g, '-'));
    const audio = await audioHashOfFile(copy);
    const pcm = decodedMd5(copy);
    await safeWriteGenres(copy, GENRES);
    // A file byte-identical to one of the two versions decodes like it; both decode the same.
    expect(decodedMd5(copy)).toBe(pcm);
    reference.set(f.path, { newHash: sha256(readFileSync(copy)), audio });
  }
  const fixtures = fixtureFiles();
  for (let i = 0; i < FILES; i++) {
    const f = fixtures[i % fixtures.length];
    if (!f) continue;
    const path = copyFixture(
      f,
      join(library, `disc${i % 7}`),
      `${String(i).padStart(3, '0')} ${f.path.replace(/\//g, ' - ')}`,
    );
    const ref = reference.get(f.path);
    if (!ref) throw new Error(`no reference for ${f.path}`);
    known.set(path, { oldHash: sha256(readFileSync(fixturePath(f))), newHash: ref.newHash, audio: ref.audio });
  }
  const db = openLibrary(dbPath);
  await scanFolders(db, [library], { threads: 0 });
  db.close();
});

afterAll(() => removeDir(dir));

function tempFiles(): string[] {
  return readdirSync(library, { recursive: true, encoding: 'utf8' }).filter((p) => p.includes('genrewise-tmp'));
}

interface ChildRun {
  killed: boolean;
  lastDone: number;
  summary: { written: number; skipped: number; failed: number; errors: unknown[] } | null;
}

/** Runs the child; kills it with SIGKILL `extraMs` after it reports `killAfter` files, if given. */
function runChild(killAfter: number | null, extraMs: number): Promise<ChildRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CHILD, dbPath, JSON.stringify(GENRES)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let lastDone = 0;
    let buffered = '';
    let summary: ChildRun['summary'] = null;
    let stderr = '';
    let killScheduled = false;
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (line.startsWith('done ')) lastDone = Number(line.slice(5));
        else if (line.startsWith('{')) summary = JSON.parse(line) as ChildRun['summary'];
        if (killAfter !== null && !killScheduled && lastDone >= killAfter) {
          killScheduled = true;
          setTimeout(() => child.kill('SIGKILL'), extraMs);
        }
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal === 'SIGKILL') resolvePromise({ killed: true, lastDone, summary });
      else if (code === 0) resolvePromise({ killed: false, lastDone, summary });
      else reject(new Error(`batch child exited with ${code}: ${stderr}`));
    });
  });
}

async function checkEveryFile(): Promise<{ old: number; new: number }> {
  let oldCount = 0;
  let newCount = 0;
  for (const [path, k] of known) {
    const hash = sha256(readFileSync(path));
    expect([k.oldHash, k.newHash], path).toContain(hash);
    if (hash === k.newHash) newCount++;
    else oldCount++;
    const tags = await readTags(path);
    expect(tags.format.codec, path).toBeTruthy();
    expect(await audioHashOfFile(path), path).toBe(k.audio);
  }
  return { old: oldCount, new: newCount };
}

describe('SIGKILL during a batch of 200 files', () => {
  it('leaves every file entirely old or entirely new, decodable, audio intact; the next run cleans up and finishes', async () => {
    const seed = Number(process.env.GENREWISE_FAULT_SEED ?? Date.now() % 2 ** 31);
    console.log(`fault-injection seed ${seed} (GENREWISE_FAULT_SEED=${seed} replays it)`);
    const random = prng(seed);
    let previousNew = 0;
    let killsLanded = 0;
    for (let round = 0; round < KILLS; round++) {
      // Files are processed in id order and the first `previousNew` are done (skipped quickly):
      // kill somewhere in the part still to write, a few ms into the next file.
      const remaining = FILES - previousNew;
      const killAfter = previousNew + 1 + Math.floor(random() * Math.max(1, Math.min(remaining - 1, 40)));
      const extraMs = Math.floor(random() * 12);
      const run = await runChild(killAfter, extraMs);
      if (run.killed) killsLanded++;
      // The previous run's leftovers were removed at this run's start; this run's may remain.
      const counts = await checkEveryFile();
      console.log(
        `round ${round}: killed=${run.killed} after ${run.lastDone} reported files (+${extraMs} ms); new ${counts.new}, old ${counts.old}, temporary files ${tempFiles().length}`,
      );
      expect(counts.old + counts.new).toBe(FILES);
      expect(counts.new).toBeGreaterThanOrEqual(previousNew);
      previousNew = counts.new;
      if (!run.killed) break;
    }
    expect(killsLanded).toBeGreaterThan(0);

    const final = await runChild(null, 0);
    expect(final.killed).toBe(false);
    expect(final.summary?.failed, JSON.stringify(final.summary?.errors)).toBe(0);
    expect(await checkEveryFile()).toEqual({ old: 0, new: FILES });
    expect(tempFiles()).toEqual([]);

    const db = openLibrary(dbPath);
    try {
      expect(db.prepare("SELECT COUNT(*) AS n FROM tag_write_entries WHERE status = 'pending'").get()).toEqual({
        n: 0,
      });
      expect(db.prepare("SELECT COUNT(*) AS n FROM tag_write_batches WHERE status = 'running'").get()).toEqual({
        n: 0,
      });
      // Every file is journaled as written exactly once across the interrupted and final batches.
      const written = db
        .prepare("SELECT COUNT(DISTINCT path) AS n, COUNT(*) AS total FROM tag_write_entries WHERE status = 'ok'")
        .get() as { n: number; total: number };
      expect(written).toEqual({ n: FILES, total: FILES });
      // The library rows describe the files as they are now, so the next scan re-reads nothing.
      const rows = db.prepare("SELECT path, size, mtime_ms, genres FROM tracks WHERE status = 'present'").all() as {
        path: string;
        size: number;
        mtime_ms: number;
        genres: string;
      }[];
      expect(rows).toHaveLength(FILES);
      for (const row of rows) {
        const st = statSync(row.path);
        expect([row.size, row.mtime_ms, JSON.parse(row.genres)]).toEqual([st.size, Math.trunc(st.mtimeMs), GENRES]);
      }
    } finally {
      db.close();
    }
  });
});
