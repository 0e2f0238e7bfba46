import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeMono, probeDuration } from '../../../core/analysis/decode/ffmpeg.js';
import {
  connectFfmpegLauncher,
  launcherOnDemand,
  startFfmpegLauncher,
  type FfmpegLauncher,
} from '../../../core/analysis/decode/launched-ffmpeg.js';
import { forkWorkerSpawner } from '../../../core/analysis/fork-spawner.js';
import { runPool, type JobOutcome, type PoolJob } from '../../../core/analysis/pool.js';
import { bundledFfmpeg, encode, expectSameBits, synthSignal, writeWav } from '../helpers/audio.js';

// A command run shares one ffmpeg launcher among its workers: they connect to its socket, each
// with FIFOs of its own, instead of each starting a launcher process.
const DIST = resolve(import.meta.dirname, '../../../dist/node/core/analysis');
const LAUNCHER = join(DIST, 'decode/launcher-process.js');
const WORKER = join(DIST, 'worker.js');
const ffmpeg = bundledFfmpeg();

/** The command lines of a process's children. */
function childCommands(pid: number): string[] {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
  return children.map((child) => {
    try {
      return readFileSync(`/proc/${child}/cmdline`, 'utf8').replaceAll('\0', ' ');
    } catch {
      return ''; // gone meanwhile
    }
  });
}

const fifosIn = (dir: string): string[] => readdirSync(dir).filter((n) => n !== 'launcher.sock');

describe('a shared ffmpeg launcher', () => {
  let dir: string;
  let flac: string;
  let shared: FfmpegLauncher;

  beforeAll(async () => {
    expect(existsSync(LAUNCHER), 'run npm run build first').toBe(true);
    dir = mkdtempSync(join(tmpdir(), 'genrewise-shared-launcher-'));
    writeWav(join(dir, 'song.wav'), [synthSignal(40, 44100, 3), synthSignal(40, 44100, 8)], 44100);
    flac = join(dir, 'song.flac');
    encode(join(dir, 'song.wav'), flac, ['-c:a', 'flac']);
    const started = await startFfmpegLauncher({ launcherPath: LAUNCHER, shared: true });
    if (!started?.socket) throw new Error('the shared launcher did not start');
    shared = started;
  });
  afterAll(async () => {
    await shared?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves several connected processes at once, each decode the same bits as a direct spawn', async () => {
    const a = await connectFfmpegLauncher(shared.socket!);
    const b = await connectFfmpegLauncher(shared.socket!);
    if (!a || !b) throw new Error('could not connect');
    try {
      const folder = dirname(shared.socket!);
      expect(fifosIn(folder)).toHaveLength(8); // four for each connection
      const segments = Array.from({ length: 6 }, (_, k) => ({ startSec: 5 * k, durationSec: 4 }));
      const through = await Promise.all(
        segments.map((s, k) => decodeMono(flac, s, { ffmpeg, start: (k % 2 === 0 ? a : b).start })),
      );
      for (const [k, s] of segments.entries()) expectSameBits(through[k]!, await decodeMono(flac, s, { ffmpeg }));
      expect(await probeDuration(flac, { ffmpeg, start: b.start })).toBe(await probeDuration(flac, { ffmpeg }));
      expect(childCommands(shared.pid!).filter((c) => c.includes('ffmpeg'))).toEqual([]);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("kills a connection's ffmpeg and removes its FIFOs when it hangs up, and keeps serving the others", async () => {
    const folder = dirname(shared.socket!);
    const leaving = await connectFfmpegLauncher(shared.socket!);
    const staying = await connectFfmpegLauncher(shared.socket!);
    if (!leaving || !staying) throw new Error('could not connect');
    const before = fifosIn(folder).length;
    const inFlight = decodeMono(flac, undefined, { ffmpeg, start: leaving.start }).catch((err: Error) => err);
    // Wait until the launcher runs that ffmpeg, then hang up without asking for a kill.
    for (let i = 0; i < 200 && !childCommands(shared.pid!).some((c) => c.includes('ffmpeg')); i++)
      await new Promise((r) => setTimeout(r, 10));
    await leaving.close();
    const failure = await inFlight;
    expect(failure).toBeInstanceOf(Error);
    for (let i = 0; i < 200 && childCommands(shared.pid!).length > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(childCommands(shared.pid!)).toEqual([]);
    expect(fifosIn(folder)).toHaveLength(before - 4);
    const segment = { startSec: 3, durationSec: 2 };
    expectSameBits(
      await decodeMono(flac, segment, { ffmpeg, start: staying.start }),
      await decodeMono(flac, segment, { ffmpeg }),
    );
    await staying.close();
  });

  it('leads a process group of its own, so a Ctrl-C in the terminal reaches neither it nor its ffmpegs', () => {
    const groupOf = (pid: number): number => {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]); // field 5, pgrp
    };
    expect(groupOf(shared.pid!)).toBe(shared.pid);
    expect(groupOf(shared.pid!)).not.toBe(groupOf(process.pid));
  });

  it('gives no launcher for a socket nobody listens on', async () => {
    expect(await connectFfmpegLauncher(join(dir, 'nobody.sock'))).toBeUndefined();
  });

  it('removes its folder, socket included, once closed', async () => {
    const other = await startFfmpegLauncher({ launcherPath: LAUNCHER, shared: true });
    const folder = dirname(other!.socket!);
    expect(existsSync(other!.socket!)).toBe(true);
    await other!.close();
    expect(existsSync(folder)).toBe(false);
  });
});

describe('workers of one run sharing a launcher', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'genrewise-shared-launcher-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('start no launcher of their own, use the shared one, and compute the same features', async () => {
    expect(existsSync(WORKER), 'run npm run build first').toBe(true);
    const wav = join(dir, 'song.wav');
    writeWav(wav, [synthSignal(75, 44100, 6), synthSignal(75, 44100, 7)], 44100);
    encode(wav, join(dir, 'song.mp3'), ['-c:a', 'libmp3lame', '-b:a', '128k']);
    const jobs: PoolJob[] = ['song.wav', 'song.mp3', 'song.wav', 'song.mp3'].map((name, id) => ({
      id,
      path: join(dir, name),
      mode: 'spread',
      durationHintSec: null,
    }));
    const features = (outcomes: JobOutcome[]): string[] =>
      outcomes
        .sort((a, b) => a.job.id - b.job.id)
        .map((o) => (o.ok ? JSON.stringify(o.analysis.windows.map((w) => w.features)) : o.failure.message));

    const launcher = launcherOnDemand({ launcherPath: LAUNCHER });
    const workerPids = new Map<number, number>();
    const ownLaunchers: string[] = [];
    const connections = new Set<string>();
    const outcomes: JobOutcome[] = [];
    const shared = await launcher.get();
    if (!shared?.socket) throw new Error('the shared launcher did not start');
    try {
      await runPool(jobs, {
        spawn: forkWorkerSpawner({ workerPath: WORKER, ffmpegLauncher: launcher.get }),
        ffmpeg,
        concurrency: 2,
        onStart: (job, pid) => workerPids.set(job.id, pid!),
        onOutcome: (o) => {
          outcomes.push(o);
          // The worker that did this file is still alive and connected.
          ownLaunchers.push(...childCommands(workerPids.get(o.job.id)!).filter((c) => c.includes('launcher')));
          for (const name of fifosIn(dirname(shared.socket!))) connections.add(name.replace(/-out-\d+$/, ''));
        },
      });
    } finally {
      await launcher.close();
    }
    expect(new Set(workerPids.values()).size).toBe(2);
    expect(ownLaunchers).toEqual([]);
    expect(connections.size).toBe(2);

    const direct: JobOutcome[] = [];
    await runPool(jobs, {
      spawn: forkWorkerSpawner({ workerPath: WORKER, env: { ...process.env, GENREWISE_FFMPEG_LAUNCHER: 'off' } }),
      ffmpeg,
      concurrency: 2,
      onOutcome: (o) => direct.push(o),
    });
    expect(features(outcomes).map((f) => f.slice(0, 2))).toEqual(['[[', '[[', '[[', '[[']);
    expect(features(outcomes)).toEqual(features(direct));
  });

  it('starts no launcher when the run starts no worker', async () => {
    const launcher = launcherOnDemand({ launcherPath: LAUNCHER });
    const before = readdirSync('/dev/shm').filter((n) => n.startsWith('genrewise-ffmpeg-')).length;
    const report = await runPool([], {
      spawn: forkWorkerSpawner({ workerPath: WORKER, ffmpegLauncher: launcher.get }),
      ffmpeg,
      onOutcome: () => {},
    });
    expect(report.workersStarted).toBe(0);
    expect(readdirSync('/dev/shm').filter((n) => n.startsWith('genrewise-ffmpeg-')).length).toBe(before);
    await launcher.close();
  });
});
