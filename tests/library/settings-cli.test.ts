import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveFfmpeg } from '../../core/analysis/decode/ffmpeg-binary.js';
import { getSettings } from '../../core/library/settings.js';
import { runCli } from '../helpers/cli.js';
import { tempLibrary, type TempLibrary } from '../helpers/library.js';

describe('genrewise settings', () => {
  let lib: TempLibrary;
  const run = (...args: string[]) => runCli(['settings', ...args, '--db', lib.dbPath]);
  beforeEach(() => {
    lib = tempLibrary();
  });
  afterEach(() => lib.close());

  it('lists every setting, as text and in the API shape', async () => {
    const text = await run();
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n').map((l) => l.split(/\s+/)[0])).toEqual([
      'genre.displayNames',
      'genre.aliases',
      'review.threshold',
      'review.acceptThreshold',
      'model.default',
      'model.personal',
      'analysis.ffmpegPath',
      'scan.exclude',
      '',
    ]);
    expect(text.stdout).toContain('review.threshold        0.6\n');
    expect(text.stdout).toContain('model.personal          none\n');
    const json = await run('--json');
    expect(JSON.parse(json.stdout)).toEqual(getSettings(lib.db));
  });

  it('reads one setting by its stored or its API name', async () => {
    expect((await run('review.acceptThreshold')).stdout).toBe('0.8\n');
    expect(JSON.parse((await run('acceptThreshold', '--json')).stdout)).toEqual({
      key: 'review.acceptThreshold',
      value: 0.8,
    });
  });

  it('sets numbers, names, tables and none, stored where the app reads them', async () => {
    const set = await run('review.threshold', '0.7');
    expect(set).toMatchObject({ code: 0, stdout: 'review.threshold = 0.7\n' });
    expect(JSON.parse((await run('acceptThreshold', '0.9', '--json')).stdout)).toEqual({
      key: 'review.acceptThreshold',
      value: 0.9,
      repredicted: null,
    });
    expect((await run('genre.aliases', '{"rap": "hiphop", "synthpop": "pop"}')).code).toBe(0);
    const ffmpeg = resolveFfmpeg().path;
    expect((await run('analysis.ffmpegPath', ffmpeg)).code).toBe(0);
    expect(getSettings(lib.db).ffmpegPath).toBe(ffmpeg);
    expect((await run('analysis.ffmpegPath', 'none')).code).toBe(0);
    expect(getSettings(lib.db)).toMatchObject({
      reviewThreshold: 0.7,
      acceptThreshold: 0.9,
      aliases: { rap: 'hiphop', synthpop: 'pop' },
      ffmpegPath: null,
    });
  });

  it('refuses an unknown setting or a bad value with exit 2 and a clear reason, changing nothing', async () => {
    const before = getSettings(lib.db);
    const unknown = await run('review.treshold', '0.5');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown setting "review.treshold" (known: genre.displayNames,');
    for (const [key, value, reason] of [
      ['review.threshold', '1.5', 'invalid value for review.threshold:'],
      ['review.threshold', 'high', 'invalid value for review.threshold: expected a number in [0, 1]'],
      ['genre.aliases', '{rap: hiphop}', 'invalid value for genre.aliases: expected a JSON object'],
      ['genre.displayNames', '["Rock"]', 'invalid value for genre.displayNames:'],
      ['model.default', '', 'invalid value for model.default:'],
      ['analysis.ffmpegPath', join(lib.dir, 'no-ffmpeg'), 'invalid value for analysis.ffmpegPath:'],
    ] as const) {
      const r = await run(key, value);
      expect(r.code, `${key} ${value}`).toBe(2);
      expect(r.stderr).toContain(reason);
    }
    expect(getSettings(lib.db)).toEqual(before);
  });

  it('re-predicts when the model changes, and puts the setting back when the model cannot be used', async () => {
    const broken = await run('model.default', join(lib.dir, 'no-such-model.onnx'));
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('model.default left at svc');
    expect(getSettings(lib.db).defaultModel).toBe('svc');

    const knn = JSON.parse((await run('model.default', 'knn', '--json')).stdout) as Record<string, unknown>;
    expect(knn).toEqual({ key: 'model.default', value: 'knn', repredicted: 0 });
    expect(getSettings(lib.db).defaultModel).toBe('knn');
  });

  it('refuses to read a library that does not exist', async () => {
    const r = await runCli(['settings', '--db', join(lib.dir, 'missing.db')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no library at');
  });
});
