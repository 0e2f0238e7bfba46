import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forkWorkerSpawner } from '../../core/analysis/fork-spawner.js';
import { runPool, WorkerStartError } from '../../core/analysis/pool.js';
import { ANALYSIS_WORKER_EXEC_ARGV } from '../../core/analysis/worker-flags.js';
import { bundledFfmpeg } from './helpers/audio.js';

// A stand-in worker that reports the flags it was started with as its dying words, which the
// pool quotes in the WorkerStartError it rejects with.
describe('the flags analysis workers start with', () => {
  let dir: string;
  let script: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'genrewise-worker-flags-'));
    script = join(dir, 'flags.mjs');
    writeFileSync(script, 'process.stderr.write(`flags: ${JSON.stringify(process.execArgv)}\\n`); process.exit(3);\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const startError = async (execArgv?: readonly string[]): Promise<string> => {
    const run = runPool([{ id: 1, path: '/x.mp3', mode: 'spread', durationHintSec: null }], {
      spawn: forkWorkerSpawner({ workerPath: script, ...(execArgv && { execArgv }) }),
      ffmpeg: bundledFfmpeg(),
      onOutcome: () => {},
    });
    const err: unknown = await run.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkerStartError);
    return (err as Error).message;
  };

  it('are the worker flags by default, single-threaded V8 among them', async () => {
    expect(ANALYSIS_WORKER_EXEC_ARGV).toContain('--single-threaded');
    expect(await startError()).toContain(`flags: ${JSON.stringify(ANALYSIS_WORKER_EXEC_ARGV)}`);
  });

  it('are exactly the ones given, never the parent’s own', async () => {
    expect(await startError([])).toContain('flags: []');
    expect(await startError(['--max-old-space-size=300'])).toContain('flags: ["--max-old-space-size=300"]');
  });
});
