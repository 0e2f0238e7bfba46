import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEATURE_NAMES } from '../../shared/features.js';
import { oracleFailure } from './helpers/oracle-bounds.js';
import { openLibrary } from '../../core/service/library-schema.js';
import { scanFolders } from '../../core/library/scan.js';
import { updateSettings } from '../../core/library/settings.js';
import { hasSharedData, sharedDataPath } from '../helpers/data.js';
import { runCli } from '../helpers/cli.js';
import { bundledFfmpeg, synthSignal, writeWav } from './helpers/audio.js';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/genrewise.js');
const FIXTURES = join(ROOT, 'tests/fixtures');
const ffmpeg = bundledFfmpeg();

const run = (argv: string[]) => runCli(argv, { GENREWISE_FFMPEG: ffmpeg.path });

/** The built CLI as a user runs it (the analyze pool needs the compiled worker). */
function spawnCli(args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, GENREWISE_FFMPEG: ffmpeg.path },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((res) =>
    child.on('close', (code) => res({ code, stdout, stderr })),
  );
  return { child, done };
}

describe('genrewise features', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'genrewise-features-'));
    writeWav(join(dir, 'forty.wav'), [synthSignal(40, 22050, 9)], 22050);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the contract JSON, reports failures on stderr and exits 1', async () => {
    const good = join(FIXTURES, 'library/mp3/id3v23-slash-cover.mp3');
    const bad = join(FIXTURES, 'broken/random-bytes.m4a');
    const { code, stdout, stderr } = await run(['features', '--json', good, bad]);
    expect(code).toBe(1);
    expect(stderr).toContain(`genrewise features: ${bad}: not a readable audio file`);
    const parsed = JSON.parse(stdout) as {
      path: string;
      windows: { startSec: number; durationSec: number; features: Record<string, number> }[];
      error?: unknown;
    }[];
    expect(parsed).toHaveLength(2);
    expect(Object.keys(parsed[0]!)).toEqual(['path', 'windows']);
    expect(parsed[0]!.path).toBe(good);
    expect(parsed[0]!.windows).toHaveLength(1);
    const w = parsed[0]!.windows[0]!;
    expect(Object.keys(w)).toEqual(['startSec', 'durationSec', 'features']);
    expect(w.startSec).toBe(0);
    expect(w.durationSec).toBeCloseTo(4, 2);
    expect(Object.keys(w.features)).toEqual([...FEATURE_NAMES]);
    expect(Object.values(w.features).every(Number.isFinite)).toBe(true);
    expect(parsed[1]).toEqual({ path: bad, windows: [], error: { kind: 'unreadable', message: expect.any(String) } });
  });

  it('analyses a 40 s file in one centred window, or whole with --whole', async () => {
    const path = join(dir, 'forty.wav');
    const spread = JSON.parse((await run(['features', '--json', path])).stdout) as {
      windows: { startSec: number; durationSec: number }[];
    }[];
    expect(spread[0]!.windows.map((w) => [w.startSec, w.durationSec])).toEqual([[5, 30]]);
    const whole = JSON.parse((await run(['features', '--json', '--whole', path])).stdout) as {
      windows: { startSec: number; durationSec: number }[];
    }[];
    expect(whole[0]!.windows.map((w) => [w.startSec, w.durationSec])).toEqual([[0, 40]]);
  });

  it('prints a readable summary without --json', async () => {
    const path = join(FIXTURES, 'library/flac/untagged.flac');
    const { code, stdout } = await run(['features', path]);
    expect(code).toBe(0);
    expect(stdout).toContain(`${path}  00:04, 1 window`);
    expect(stdout).toMatch(/tempo/);
    expect(stdout.trim().split('\n')).toHaveLength(3);
  });

  it.skipIf(!hasSharedData())(
    'reproduces GTZAN table rows from the oracle clips with --whole, through ffmpeg',
    async () => {
      const rows = parse(readFileSync(sharedDataPath('gtzan', 'features_30_sec.csv')), { columns: true }) as Record<
        string,
        string
      >[];
      const clips = ['blues.00000', 'jazz.00054'];
      const paths = clips.map((c) => sharedDataPath('gtzan', 'audio', `${c}.wav`));
      const { code, stdout } = await run(['features', '--whole', '--json', ...paths]);
      expect(code).toBe(0);
      const results = JSON.parse(stdout) as { windows: { features: Record<string, number> }[] }[];
      for (const [i, clip] of clips.entries()) {
        const row = rows.find((r) => r.filename === `${clip}.wav`)!;
        const features = results[i]!.windows[0]!.features;
        for (const name of FEATURE_NAMES) {
          const actual = features[name]!;
          expect(oracleFailure(name, actual, row), `${clip} ${name}`).toBeUndefined();
        }
      }
    },
  );

  it('needs at least one file', async () => {
    expect((await run(['features'])).code).toBe(2);
  });
});

describe('genrewise analyze', () => {
  let dir: string;
  let db: string;
  beforeAll(async () => {
    expect(existsSync(join(ROOT, 'dist/node/core/analysis/worker.js')), 'run npm run build first').toBe(true);
    dir = mkdtempSync(join(tmpdir(), 'genrewise-analyze-'));
    const music = join(dir, 'music');
    cpSync(join(FIXTURES, 'library/mp3'), join(music, 'mp3'), { recursive: true });
    // Longer tracks so a run lasts long enough to interrupt it.
    mkdirSync(join(music, 'long'));
    for (let i = 0; i < 6; i++)
      writeWav(join(music, 'long', `track-${i}.wav`), [synthSignal(45, 22050, 20 + i)], 22050);
    db = join(dir, 'library.db');
    const library = openLibrary(db);
    await scanFolders(library, [music]);
    library.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('stops cleanly on Ctrl-C, then finishes the rest on the next run', async () => {
    const first = spawnCli(['analyze', '--db', db, '--jobs', '1', '--json']);
    const reader = openLibrary(db, { readonly: true });
    try {
      const deadline = Date.now() + 60_000;
      while ((reader.prepare('SELECT count(*) FROM analyses').pluck().get() as number) < 2 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      reader.close();
    }
    first.child.kill('SIGINT');
    const interrupted = await first.done;
    expect(interrupted.code).toBe(130);
    expect(interrupted.stderr).toContain('cancelled; run it again to continue');
    const partial = JSON.parse(interrupted.stdout) as Record<string, number | boolean>;
    expect(partial).toMatchObject({ tracks: 10, failed: 0, cancelled: true });
    expect(partial.analysed).toBeGreaterThanOrEqual(2);
    expect(partial.analysed).toBeLessThan(10);

    const second = await spawnCli(['analyze', '--db', db, '--json']).done;
    expect(second.code).toBe(0);
    const summary = JSON.parse(second.stdout) as Record<string, unknown>;
    expect(Object.keys(summary).slice(0, 6)).toEqual(['tracks', 'analysed', 'skipped', 'failed', 'windows', 'seconds']);
    expect(summary).toMatchObject({
      tracks: 10,
      analysed: 10 - (partial.analysed as number),
      failed: 0,
      cancelled: false,
    });
    expect(summary.windows).toBe(summary.analysed);

    const check = openLibrary(db, { readonly: true });
    try {
      expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(check.prepare("SELECT count(*) FROM analyses WHERE status = 'ok'").pluck().get()).toBe(10);
      expect(check.prepare('SELECT count(*) FROM analysis_windows').pluck().get()).toBe(10);
    } finally {
      check.close();
    }

    const third = await spawnCli(['analyze', '--db', db]).done;
    expect(third.code).toBe(0);
    expect(third.stdout).toMatch(/^Analysed 0 tracks \(0 windows\) in \d+\.\d s; 10 of 10 up to date or left\./);
  });

  it('refuses a library that does not exist', async () => {
    const { code, stderr } = await run(['analyze', '--db', join(dir, 'nope.db')]);
    expect(code).toBe(2);
    expect(stderr).toContain('no library at');
  });
});

describe('genrewise analyze with a genre model that cannot be used', () => {
  let dir: string;
  let db: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'genrewise-analyze-model-'));
    cpSync(join(FIXTURES, 'library/mp3'), join(dir, 'music'), { recursive: true });
    db = join(dir, 'library.db');
    const library = openLibrary(db);
    await scanFolders(library, [join(dir, 'music')]);
    updateSettings(library, { defaultModel: join(dir, 'no-such-model.onnx') });
    library.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fails up front with exit 2 and one line, before analysing anything', async () => {
    const { code, stdout, stderr } = await spawnCli(['analyze', '--db', db, '--json']).done;
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toEqual([
      `genrewise analyze: the default genre model ${JSON.stringify(join(dir, 'no-such-model.onnx'))} cannot be used: ` +
        `model "${join(dir, 'no-such-model.onnx')}": model card ${join(dir, 'no-such-model.card.json')} does not exist`,
    ]);
    const check = openLibrary(db, { readonly: true });
    try {
      expect(check.prepare('SELECT count(*) FROM analyses').pluck().get()).toBe(0);
    } finally {
      check.close();
    }
    // Without predictions the model does not matter.
    const featuresOnly = await spawnCli(['analyze', '--db', db, '--no-predict', '--json']).done;
    expect(featuresOnly.code).toBe(0);
    expect(JSON.parse(featuresOnly.stdout)).toMatchObject({ analysed: 4, predicted: null });
  });
});

describe('genrewise errors and stats after an analysis', () => {
  let dir: string;
  let db: string;
  let damaged: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'genrewise-analysis-errors-'));
    const music = join(dir, 'music');
    cpSync(join(FIXTURES, 'library/mp3'), join(music, 'mp3'), { recursive: true });
    cpSync(join(FIXTURES, 'library/wav'), join(music, 'wav'), { recursive: true });
    cpSync(join(FIXTURES, 'broken/truncated.flac'), join(music, 'truncated.flac'));
    db = join(dir, 'library.db');
    const library = openLibrary(db);
    await scanFolders(library, [music]);
    library.close();
    // The tags stay readable, the audio does not: same size and mtime, so the scan row still matches.
    damaged = join(music, 'wav/riff-info.wav');
    const { size, mtime } = statSync(damaged);
    const bytes = Buffer.alloc(size, 0x5a);
    bytes.write('RIFF', 0, 'latin1');
    writeFileSync(damaged, bytes);
    utimesSync(damaged, mtime, mtime);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists scan and analysis failures in one list, and counts both', async () => {
    const analysed = await spawnCli(['analyze', '--db', db, '--json']).done;
    expect(analysed.code).toBe(1);
    expect(JSON.parse(analysed.stdout)).toMatchObject({ analysed: 4, failed: 1, predicted: 4 });

    const listed = await run(['errors', '--db', db, '--json']);
    expect(listed.code).toBe(0);
    const errors = JSON.parse(listed.stdout) as Record<string, string>[];
    expect(errors.map((e) => [e.stage, e.path, e.kind])).toEqual([
      ['scan', join(dir, 'music/truncated.flac'), 'truncated'],
      ['analysis', damaged, 'unreadable'],
    ]);
    for (const e of errors) {
      expect(Object.keys(e).sort()).toEqual(['at', 'kind', 'message', 'path', 'stage', 'target']);
      expect(e.message).not.toBe('');
      expect(Number.isNaN(Date.parse(e.at!))).toBe(false);
    }
    expect((JSON.parse((await run(['errors', '--db', db, '--json', '--limit', '1'])).stdout) as unknown[]).length).toBe(
      1,
    );

    const text = (await run(['errors', '--db', db])).stdout;
    expect(text).toMatch(/^Scan \(1\):\ntruncated +.*truncated\.flac\n/);
    expect(text).toMatch(/\nAnalysis \(1\):\nunreadable +.*riff-info\.wav\n/);
    expect(text).toMatch(/\n2 entries\n$/);

    const stats = JSON.parse((await run(['stats', '--db', db, '--json'])).stdout) as Record<string, unknown>;
    expect(stats).toMatchObject({
      errors: 1,
      analysisErrors: 1,
      analysisErrorsByKind: [{ key: 'unreadable', count: 1 }],
    });
    expect((await run(['stats', '--db', db])).stdout).toMatch(/^Analysis: +1 file failed \(unreadable 1\)/m);
  });
});
