import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeMono, probeDuration, type DecodeOptions } from '../../../core/analysis/decode/ffmpeg.js';
import { startFfmpegLauncher, type FfmpegLauncher } from '../../../core/analysis/decode/launched-ffmpeg.js';
import { forkWorkerSpawner } from '../../../core/analysis/fork-spawner.js';
import { runPool, type JobOutcome, type PoolJob } from '../../../core/analysis/pool.js';
import { bundledFfmpeg, encode, expectSameBits, synthSignal, writeWav } from '../helpers/audio.js';

const DIST = resolve(import.meta.dirname, '../../../dist/node/core/analysis');
const LAUNCHER = join(DIST, 'decode/launcher-process.js');
const WORKER = join(DIST, 'worker.js');
const FIXTURES = resolve(import.meta.dirname, '../../fixtures');
const ffmpeg = bundledFfmpeg();

const manifest = JSON.parse(readFileSync(join(FIXTURES, 'library', 'manifest.json'), 'utf8')) as {
  files: { path: string; format: string; durationSec: number }[];
};
const fixtureFiles = manifest.files.filter((f) => !f.path.startsWith('..') && f.durationSec > 0);

/** The failure a decode ends with, as reason and message, for comparing two ways of running ffmpeg. */
async function failureOf(run: Promise<unknown>): Promise<{ reason: unknown; message: unknown }> {
  try {
    await run;
  } catch (err) {
    const e = err as { reason?: unknown; message?: unknown };
    return { reason: e.reason, message: e.message };
  }
  throw new Error('expected the decode to fail');
}

/** Processes the launcher runs now (ffmpegs it started and has not reaped). */
function childrenOf(pid: number): string {
  return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
}

describe('ffmpeg started through the launcher process', () => {
  let launcher: FfmpegLauncher;
  let dir: string;
  let flac: string;
  let via: DecodeOptions;

  beforeAll(async () => {
    expect(existsSync(LAUNCHER), 'run npm run build first').toBe(true);
    const started = await startFfmpegLauncher({ launcherPath: LAUNCHER });
    if (!started) throw new Error('the launcher did not start');
    launcher = started;
    via = { ffmpeg, start: launcher.start };
    dir = mkdtempSync(join(tmpdir(), 'genrewise-launcher-'));
    writeWav(join(dir, 'stereo44.wav'), [synthSignal(40, 44100, 3), synthSignal(40, 44100, 8)], 44100);
    flac = join(dir, 'stereo44.flac');
    encode(join(dir, 'stereo44.wav'), flac, ['-c:a', 'flac']);
    writeFileSync(join(dir, 'notes.mp3'), 'not audio at all');
  });
  afterAll(async () => {
    await launcher?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(fixtureFiles.map((f) => f.path))(
    'decodes %s to the same bits and duration as a direct spawn',
    async (rel) => {
      const path = join(FIXTURES, 'library', rel);
      const segment = { startSec: 0.5, durationSec: 2 };
      expectSameBits(await decodeMono(path, segment, via), await decodeMono(path, segment, { ffmpeg }));
      expectSameBits(await decodeMono(path, undefined, via), await decodeMono(path, undefined, { ffmpeg }));
      expect(await probeDuration(path, via)).toBe(await probeDuration(path, { ffmpeg }));
    },
  );

  it('runs more decodes at once than it has FIFOs, the extra ones spawned directly', async () => {
    const segments = Array.from({ length: 7 }, (_, k) => ({ startSec: 4 * k, durationSec: 2 }));
    const launched = await Promise.all(segments.map((s) => decodeMono(flac, s, via)));
    const direct = await Promise.all(segments.map((s) => decodeMono(flac, s, { ffmpeg })));
    launched.forEach((y, k) => expectSameBits(y, direct[k]!));
  });

  it('fails with the same kinds and messages as a direct spawn', async () => {
    const cases: [string, DecodeOptions['ffmpeg']][] = [
      ['/nonexistent/dir/x.mp3', ffmpeg],
      [join(dir, 'notes.mp3'), ffmpeg],
      [flac, { ...ffmpeg, path: '/nonexistent/ffmpeg' }],
    ];
    for (const [path, command] of cases) {
      const direct = await failureOf(decodeMono(path, { startSec: 0, durationSec: 5 }, { ffmpeg: command }));
      const launched = await failureOf(decodeMono(path, { startSec: 0, durationSec: 5 }, { ...via, ffmpeg: command }));
      expect(launched).toEqual(direct);
      expect(await failureOf(probeDuration(path, { ...via, ffmpeg: command }))).toEqual(
        await failureOf(probeDuration(path, { ffmpeg: command })),
      );
    }
    expect(await failureOf(decodeMono(flac, undefined, { ...via, maxSec: 5 }))).toMatchObject({ reason: 'too-long' });
  });

  it('kills ffmpeg on abort and on timeout', async () => {
    const pid = launcher.pid!;
    const controller = new AbortController();
    const aborted = decodeMono(flac, undefined, { ...via, signal: controller.signal });
    controller.abort();
    expect(await failureOf(aborted)).toEqual({ reason: 'aborted', message: 'cancelled' });
    expect(childrenOf(pid)).toBe('');
    expect(await failureOf(decodeMono(flac, undefined, { ...via, timeoutMs: 1 }))).toMatchObject({
      reason: 'timeout',
    });
    expect(childrenOf(pid)).toBe('');
    // The FIFOs are free again: a decode afterwards is whole and right.
    expectSameBits(await decodeMono(flac, undefined, via), await decodeMono(flac, undefined, { ffmpeg }));
  });
});

describe('without the launcher', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'genrewise-launcher-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives no launcher when its script is missing, exits at once or never says ready', async () => {
    expect(await startFfmpegLauncher({ launcherPath: join(dir, 'missing.js') })).toBeUndefined();
    writeFileSync(join(dir, 'exits.mjs'), 'process.exit(3);\n');
    expect(await startFfmpegLauncher({ launcherPath: join(dir, 'exits.mjs') })).toBeUndefined();
    writeFileSync(join(dir, 'silent.mjs'), 'setInterval(() => {}, 1000);\n');
    expect(await startFfmpegLauncher({ launcherPath: join(dir, 'silent.mjs'), readyTimeoutMs: 300 })).toBeUndefined();
  });

  it('fails the decodes in flight when the launcher dies, and spawns the next ones directly', async () => {
    expect(existsSync(LAUNCHER), 'run npm run build first').toBe(true);
    const launcher = await startFfmpegLauncher({ launcherPath: LAUNCHER });
    if (!launcher) throw new Error('the launcher did not start');
    const path = join(dir, 'long.wav');
    writeWav(path, [synthSignal(60, 44100, 4), synthSignal(60, 44100, 5)], 44100);
    const inFlight = decodeMono(path, undefined, { ffmpeg, start: launcher.start });
    process.kill(launcher.pid!, 'SIGKILL');
    const failure = await failureOf(inFlight);
    expect(failure.reason).toBe('ffmpeg-failed');
    expect(failure.message).toMatch(/launcher process exited/);
    const after = await decodeMono(path, { startSec: 10, durationSec: 5 }, { ffmpeg, start: launcher.start });
    const direct = await decodeMono(path, { startSec: 10, durationSec: 5 }, { ffmpeg });
    expectSameBits(after, direct);
  });

  it('removes the FIFO folders of launchers that were killed, and only those', async () => {
    const dead = spawnSync('true').pid;
    const stale = join('/dev/shm', `genrewise-ffmpeg-${dead}-test`);
    const live = join('/dev/shm', `genrewise-ffmpeg-${process.pid}-test`);
    mkdirSync(stale);
    mkdirSync(live);
    try {
      const launcher = await startFfmpegLauncher({ launcherPath: LAUNCHER });
      await launcher?.close();
      expect(existsSync(stale)).toBe(false);
      expect(existsSync(live)).toBe(true);
    } finally {
      rmSync(stale, { recursive: true, force: true });
      rmSync(live, { recursive: true, force: true });
    }
  });

  it('leaves no FIFO folder behind once closed', async () => {
    const before = readdirSync('/dev/shm').filter((n) => n.startsWith('genrewise-ffmpeg-')).length;
    const launcher = await startFfmpegLauncher({ launcherPath: LAUNCHER });
    expect(readdirSync('/dev/shm').filter((n) => n.startsWith('genrewise-ffmpeg-')).length).toBe(before + 1);
    await launcher?.close();
    expect(readdirSync('/dev/shm').filter((n) => n.startsWith('genrewise-ffmpeg-')).length).toBe(before);
  });
});

describe('the analysis worker with and without its launcher', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'genrewise-launcher-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('computes the same features either way', async () => {
    expect(existsSync(WORKER), 'run npm run build first').toBe(true);
    const wav = join(dir, 'song.wav');
    writeWav(wav, [synthSignal(75, 44100, 6), synthSignal(75, 44100, 7)], 44100);
    encode(wav, join(dir, 'song.mp3'), ['-c:a', 'libmp3lame', '-b:a', '128k']);
    const jobs: PoolJob[] = ['song.wav', 'song.mp3'].map((name, id) => ({
      id,
      path: join(dir, name),
      mode: 'spread',
      durationHintSec: null,
    }));
    const featuresWith = async (setting: string): Promise<string[]> => {
      const outcomes: JobOutcome[] = [];
      await runPool(jobs, {
        spawn: forkWorkerSpawner({ workerPath: WORKER, env: { ...process.env, GENREWISE_FFMPEG_LAUNCHER: setting } }),
        ffmpeg,
        concurrency: 1,
        onOutcome: (o) => outcomes.push(o),
      });
      return outcomes
        .sort((a, b) => a.job.id - b.job.id)
        .map((o) => (o.ok ? JSON.stringify(o.analysis.windows.map((w) => w.features)) : o.failure.message));
    };
    const launched = await featuresWith('on');
    expect(launched.map((f) => f.slice(0, 2))).toEqual(['[[', '[[']);
    expect(launched).toEqual(await featuresWith('off'));
  });
});
