import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { analyseFile } from '../../core/analysis/analyse-file.js';
import { analyzeLibrary, type AnalyzeLibraryOptions } from '../../core/analysis/analyze-library.js';
import { extractFeatures } from '../../core/analysis/features/extract.js';
import { forkWorkerSpawner } from '../../core/analysis/fork-spawner.js';
import { runPool, WorkerStartError } from '../../core/analysis/pool.js';
import { loadAnalysis } from '../../core/analysis/store.js';
import { openLibrary } from '../../core/service/library-schema.js';
import type { Database } from '../../core/library/db.js';
import { scanFolders } from '../../core/library/scan.js';
import { bundledFfmpeg } from './helpers/audio.js';

/** The compiled worker: `npm test` builds first; a worker can only run compiled JavaScript. */
const WORKER = resolve(import.meta.dirname, '../../dist/node/core/analysis/worker.js');
const FIXTURE_LIBRARY = resolve(import.meta.dirname, '../fixtures/library');
const ffmpeg = bundledFfmpeg();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('analysing a library with the worker pool', () => {
  let dir: string;
  let music: string;
  let db: Database;
  let total: number;

  const analyze = (extra: Partial<AnalyzeLibraryOptions> = {}) =>
    analyzeLibrary({ db, spawn: forkWorkerSpawner({ workerPath: WORKER }), ffmpeg, concurrency: 2, ...extra });
  const rows = () =>
    db
      .prepare(
        'SELECT t.path, a.id, a.status, a.error_kind AS kind, a.analysed_at AS at FROM analyses a JOIN tracks t ON t.id = a.track_id ORDER BY t.path',
      )
      .all() as {
      path: string;
      id: number;
      status: string;
      kind: string | null;
      at: string;
    }[];
  const trackId = (name: string) =>
    db.prepare('SELECT id FROM tracks WHERE path = ?').pluck().get(join(music, name)) as number;

  beforeEach(async () => {
    expect(existsSync(WORKER), `${WORKER} missing: run npm run build`).toBe(true);
    dir = mkdtempSync(join(tmpdir(), 'genrewise-pool-'));
    music = join(dir, 'music');
    cpSync(FIXTURE_LIBRARY, music, { recursive: true });
    rmSync(join(music, 'manifest.json'));
    db = openLibrary(join(dir, 'library.db'));
    const scan = await scanFolders(db, [music]);
    expect(scan.errors).toBe(0);
    total = scan.added;
    expect(total).toBeGreaterThanOrEqual(10);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('analyses every track into the database, exactly as an in-process analysis, and nothing twice', async () => {
    const summary = await analyze();
    expect(summary).toMatchObject({
      tracks: total,
      analysed: total,
      skipped: 0,
      failed: 0,
      windows: total,
      cancelled: false,
      failures: [],
    });
    expect(summary.maxWorkerRssBytes).toBeGreaterThan(0);
    expect(rows().every((r) => r.status === 'ok')).toBe(true);
    expect(rows()).toHaveLength(total);

    const file = join(music, 'mp3/id3v23-slash-cover.mp3');
    const stored = loadAnalysis(db, trackId('mp3/id3v23-slash-cover.mp3'))!;
    const direct = await analyseFile(file, { ffmpeg, extract: extractFeatures });
    expect(stored.windows.map((w) => Array.from(w.features))).toEqual(direct.windows.map((w) => w.features));
    expect(stored.fileSize).toBe(statSync(file).size);

    const again = await analyze();
    expect(again).toMatchObject({ tracks: total, analysed: 0, skipped: total, failed: 0, windows: 0 });
  });

  it('replaces a worker that crashes mid-file; that file gets an error row and the batch goes on', async () => {
    const target = join(music, 'flac/untagged.flac');
    const pids: number[] = [];
    let killed: number | undefined;
    let killedAt = -1;
    const summary = await analyze({
      onStart: (track, pid) => {
        pids.push(pid!);
        if (track.path === target) {
          killed = pid!;
          killedAt = pids.length - 1;
          process.kill(pid!, 'SIGKILL');
        }
      },
    });
    expect(summary).toMatchObject({ analysed: total - 1, failed: 1 });
    expect(summary.failures).toEqual([
      { path: target, kind: 'crashed', message: expect.stringContaining('signal SIGKILL') },
    ]);
    expect(rows().find((r) => r.path === target)).toMatchObject({ status: 'error', kind: 'crashed' });
    // Files after the crash ran in a fresh worker, never again in the dead one.
    expect(pids.slice(killedAt + 1)).not.toContain(killed);
    expect(pids.length).toBe(total);
  });

  it('kills a worker that hangs past the time limit and carries on', async () => {
    const target = join(music, 'ogg/vorbis-semicolon.ogg');
    let stopped: number | undefined;
    const summary = await analyze({
      timeoutMs: (job) => (job.path === target ? 1_500 : 60_000),
      onStart: (track, pid) => {
        if (track.path === target) {
          stopped = pid!;
          process.kill(pid!, 'SIGSTOP');
        }
      },
    });
    expect(summary).toMatchObject({ analysed: total - 1, failed: 1 });
    expect(summary.failures[0]).toMatchObject({ path: target, kind: 'timeout' });
    expect(rows().find((r) => r.path === target)).toMatchObject({ status: 'error', kind: 'timeout' });
    expect(alive(stopped!)).toBe(false);
  });

  it('records files ffmpeg cannot read, and retries them only when they change or when asked', async () => {
    const name = 'wav/riff-info.wav';
    const path = join(music, name);
    const original = readFileSync(path);
    const { mtime } = statSync(path);
    // Damage the audio behind the scanner's back: same size, same mtime, so the row still matches.
    writeFileSync(path, Buffer.alloc(original.length, 0x5a));
    utimesSync(path, mtime, mtime);
    const first = await analyze();
    expect(first).toMatchObject({ analysed: total - 1, failed: 1 });
    expect(first.failures[0]).toMatchObject({ path, kind: 'unreadable' });

    expect(await analyze()).toMatchObject({ analysed: 0, failed: 0, skipped: total });
    expect(await analyze({ retryErrors: true })).toMatchObject({ analysed: 0, failed: 1 });

    writeFileSync(path, original);
    utimesSync(path, mtime, new Date(mtime.getTime() + 60_000));
    await scanFolders(db, [music]);
    expect(await analyze()).toMatchObject({ analysed: 1, failed: 0 });
    expect(loadAnalysis(db, trackId(name))).toMatchObject({ status: 'ok', error: null });
  });

  it('stops cleanly on cancel, keeps what finished, and resumes with only the rest', async () => {
    const controller = new AbortController();
    const first = await analyze({
      concurrency: 1,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done === 3) controller.abort();
      },
    });
    expect(first.cancelled).toBe(true);
    expect(first.analysed).toBe(3);
    expect(first.failed).toBe(0);
    const kept = rows();
    expect(kept).toHaveLength(3);

    const second = await analyze();
    expect(second).toMatchObject({ analysed: total - 3, failed: 0, skipped: 3, cancelled: false });
    const after = rows();
    expect(after).toHaveLength(total);
    for (const row of kept) expect(after.find((r) => r.path === row.path)).toEqual(row);
  });

  it('cancels cleanly while workers are still starting', async () => {
    const controller = new AbortController();
    const run = analyze({ signal: controller.signal });
    controller.abort();
    expect(await run).toMatchObject({ analysed: 0, failed: 0, skipped: total, cancelled: true });
    expect(rows()).toEqual([]);
  });

  it('re-analyses only files that changed or were analysed by another analyzer version', async () => {
    await analyze();
    const before = rows();
    const touched = join(music, 'opus/tagged.opus');
    const later = new Date(statSync(touched).mtimeMs + 120_000);
    utimesSync(touched, later, later);
    await scanFolders(db, [music]);
    const outdated = join(music, 'm4a/aac.m4a');
    db.prepare("UPDATE analyses SET analyzer_version = 'gtzan-librosa-0.8/0' WHERE track_id = ?").run(
      trackId('m4a/aac.m4a'),
    );

    const summary = await analyze();
    expect(summary).toMatchObject({ analysed: 2, skipped: total - 2, failed: 0 });
    const after = rows();
    for (const row of after) {
      const old = before.find((r) => r.path === row.path)!;
      if (row.path === touched || row.path === outdated) expect(row.id).not.toBe(old.id);
      else expect(row).toEqual(old);
    }
  });
});

describe('worker start failures', () => {
  it('refuses a missing worker build up front', () => {
    expect(() => forkWorkerSpawner({ workerPath: '/nonexistent/worker.js' })).toThrow(WorkerStartError);
  });

  it('gives up with WorkerStartError when workers die before they are ready', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'genrewise-badworker-'));
    try {
      const script = join(dir, 'dies.mjs');
      writeFileSync(script, "process.stderr.write('broken install\\n'); process.exit(3);\n");
      const outcomes: unknown[] = [];
      const run = runPool([{ id: 1, path: '/x.mp3', mode: 'spread', durationHintSec: null }], {
        spawn: forkWorkerSpawner({ workerPath: script }),
        ffmpeg,
        onOutcome: (o) => outcomes.push(o),
      });
      await expect(run).rejects.toThrow(WorkerStartError);
      await expect(run).rejects.toThrow(/exit code 3: broken install/);
      expect(outcomes).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
