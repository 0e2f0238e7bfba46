import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeMono, decodePlan, decoderArgs } from '../../../core/analysis/decode/ffmpeg.js';
import { makePrivateFolder, removeStaleFolders } from '../../../core/analysis/decode/private-folder.js';
import { WINDOW_FOLDER_PREFIX, windowOutputFile } from '../../../core/analysis/decode/window-files.js';
import { bundledFfmpeg, decodeThroughPipe, encode, expectSameBits, synthSignal, writeWav } from '../helpers/audio.js';

const ffmpeg = bundledFfmpeg();
const DIST_WINDOW_FILES = resolve(import.meta.dirname, '../../../dist/node/core/analysis/decode/window-files.js');
let dir: string;
let windowFolder: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'genrewise-window-files-'));
  const left = synthSignal(40, 44100, 3);
  const right = synthSignal(40, 44100, 4);
  writeWav(join(dir, 'stereo.wav'), [left, right], 44100, 'int16');
  encode(join(dir, 'stereo.wav'), join(dir, 'stereo.mp3'), ['-c:a', 'libmp3lame', '-b:a', '192k']);
  windowFolder = dirname(windowOutputFile()!);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const filesLeft = (): string[] => readdirSync(windowFolder);

/** The samples the decoder kept when ffmpeg's output came through a pipe (before window files). */
function throughPipe(path: string, segment: { startSec: number; durationSec: number }): Float32Array {
  const plan = decodePlan(segment);
  return decodeThroughPipe(decoderArgs(path, ffmpeg, plan.input, 'pipe:1'), plan);
}

describe('window decodes through a file', () => {
  it('keep their folder on tmpfs, named after this process', () => {
    expect(basename(windowFolder).startsWith(`${WINDOW_FOLDER_PREFIX}${process.pid}-`)).toBe(true);
    if (existsSync('/dev/shm')) expect(dirname(windowFolder)).toBe('/dev/shm');
    expect(statSync(windowFolder).mode & 0o777).toBe(0o700);
  });

  it.each(['stereo.wav', 'stereo.mp3'])(
    'give %s the very bits ffmpeg writes to a pipe for the same window, and leave no file',
    async (name) => {
      const path = join(dir, name);
      for (const start of [0, 4.7, 12.3]) {
        const segment = { startSec: start, durationSec: 20 };
        const window = await decodeMono(path, segment, { ffmpeg });
        expectSameBits(window, throughPipe(path, segment));
      }
      expect(filesLeft()).toEqual([]);
    },
  );

  it('leave no file when cancelled while ffmpeg runs', async () => {
    const stop = new AbortController();
    const pending = decodeMono(
      join(dir, 'stereo.mp3'),
      { startSec: 5, durationSec: 30 },
      { ffmpeg, signal: stop.signal },
    );
    setTimeout(() => stop.abort(), 5);
    await expect(pending).rejects.toMatchObject({ reason: 'aborted' });
    expect(filesLeft()).toEqual([]);
  });

  it('leave no file when the window lies past the audio or the file is missing', async () => {
    const cut = join(dir, 'cut.wav');
    writeWav(cut, [synthSignal(40, 44100, 5)], 44100, 'int16');
    truncateSync(cut, 44 + 2 * 44100 * 8); // the header promises 40 s, the data stops at 8 s
    await expect(decodeMono(cut, { startSec: 20, durationSec: 10 }, { ffmpeg })).rejects.toMatchObject({
      reason: 'no-audio',
    });
    await expect(
      decodeMono(join(dir, 'missing.mp3'), { startSec: 1, durationSec: 5 }, { ffmpeg }),
    ).rejects.toMatchObject({
      reason: 'missing',
    });
    expect(filesLeft()).toEqual([]);
  });
});

describe('window decodes whose file cannot be written', () => {
  it('come through the pipe instead: a full disk (/dev/full)', async () => {
    const full = join(dir, 'full.wav');
    symlinkSync('/dev/full', full);
    const segment = { startSec: 4.7, durationSec: 20 };
    const window = await decodeMono(join(dir, 'stereo.mp3'), segment, { ffmpeg, windowFile: () => full });
    expectSameBits(window, throughPipe(join(dir, 'stereo.mp3'), segment));
    expect(existsSync(full)).toBe(false); // the link is removed like any window file, /dev/full is not
    expect(existsSync('/dev/full')).toBe(true);
  });

  it('come through the pipe instead: a folder removed under them', async () => {
    const gone = join(dir, 'removed-folder', 'window.wav');
    const segment = { startSec: 0, durationSec: 10 };
    const window = await decodeMono(join(dir, 'stereo.wav'), segment, { ffmpeg, windowFile: () => gone });
    expectSameBits(window, throughPipe(join(dir, 'stereo.wav'), segment));
  });

  it('still fail for what is wrong with the audio itself', async () => {
    const segment = { startSec: 1, durationSec: 5 };
    await expect(
      decodeMono(join(dir, 'missing.mp3'), segment, { ffmpeg, windowFile: () => join(dir, 'w.wav') }),
    ).rejects.toMatchObject({ reason: 'missing' });
  });
});

describe('private folders', () => {
  it('remove the folders of processes that are gone, and only those', () => {
    const base = mkdtempSync(join(tmpdir(), 'genrewise-private-'));
    const dead = spawnSync('true').pid!;
    for (const name of [`p-${dead}-a`, `p-${process.pid}-b`, `p-${process.ppid}-c`, `q-${dead}-d`, 'p-x-e'])
      mkdirSync(join(base, name));
    try {
      expect(removeStaleFolders(base, 'p-')).toEqual([`p-${dead}-a`]);
      expect(readdirSync(base).sort()).toEqual(
        [`p-${process.pid}-b`, `p-${process.ppid}-c`, 'p-x-e', `q-${dead}-d`].sort(),
      );
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('are made private to this user and named after this process', () => {
    const made = makePrivateFolder('genrewise-test-private-');
    try {
      expect(basename(made).startsWith(`genrewise-test-private-${process.pid}-`)).toBe(true);
      expect(statSync(made).mode & 0o777).toBe(0o700);
    } finally {
      rmSync(made, { recursive: true, force: true });
    }
  });

  it('of window files are removed when their process exits', () => {
    const run = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const m = await import(${JSON.stringify(DIST_WINDOW_FILES)}); console.log(m.windowOutputFile());`,
      ],
      { encoding: 'utf8' },
    );
    expect(run.status, run.stderr).toBe(0);
    const file = run.stdout.trim();
    expect(basename(dirname(file)).startsWith(WINDOW_FOLDER_PREFIX)).toBe(true);
    expect(existsSync(dirname(file))).toBe(false);
  });
});
