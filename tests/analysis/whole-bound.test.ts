import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DecodeError } from '../../core/analysis/decode/errors.js';
import { resolveFfmpeg } from '../../core/analysis/decode/ffmpeg-binary.js';
import { decodeMono } from '../../core/analysis/decode/ffmpeg.js';
import { MAX_WHOLE_SEC } from '../../core/analysis/windows.js';
import { runCli } from '../helpers/cli.js';

// Issue 12, item 12: `features --whole` kept every sample of any file in memory (over 8 GB after
// 40 s on 3 hours of silence). Whole-file decoding now stops past MAX_WHOLE_SEC with 'too-long'.
describe('whole-file analysis is bounded', () => {
  const ffmpeg = resolveFfmpeg({ env: {} });
  let dir: string;
  const silence = (name: string, seconds: number): string => {
    const path = join(dir, name);
    execFileSync(ffmpeg.path, [
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      'anullsrc=r=22050:cl=mono',
      '-t',
      String(seconds),
      '-c:a',
      'flac',
      path,
    ]);
    return path;
  };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gw-whole-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('decodes up to the limit and refuses one second more', async () => {
    const ten = silence('ten.flac', 10);
    expect((await decodeMono(ten, undefined, { ffmpeg, maxSec: 10 })).length).toBe(10 * 22_050);
    const refused = await decodeMono(ten, undefined, { ffmpeg, maxSec: 9 }).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(DecodeError);
    expect(refused).toMatchObject({ reason: 'too-long' });
  });

  it('features --whole refuses a file longer than the limit quickly, with a clear message', async () => {
    expect(MAX_WHOLE_SEC).toBe(20 * 60);
    const long = silence('long.flac', MAX_WHOLE_SEC + 60);
    const started = Date.now();
    const r = await runCli(['features', '--whole', long]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/more than 20 minutes of audio: too long to analyse whole/);
    // Before the limit this decoded all 21 minutes and ran the extractor on them (minutes, GBs).
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});
