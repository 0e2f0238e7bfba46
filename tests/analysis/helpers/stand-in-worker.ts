import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { forkWorkerSpawner, type ForkSpawnerOptions } from '../../../core/analysis/fork-spawner.js';
import { runPool, WorkerStartError } from '../../../core/analysis/pool.js';
import { bundledFfmpeg } from './audio.js';

/**
 * A stand-in worker script in `dir` that writes `report` (a JavaScript template literal's body,
 * evaluated in the worker) to stderr and exits before it is ready; returns its path.
 */
export function writeReportingWorker(dir: string, report: string): string {
  const script = join(dir, 'reporting-worker.mjs');
  writeFileSync(script, `process.stderr.write(\`${report}\\n\`); process.exit(3);\n`);
  return script;
}

/**
 * Starts a worker through forkWorkerSpawner for one job and returns the WorkerStartError message
 * the pool rejects with, which quotes the worker's last line of stderr: what a reporting worker saw.
 */
export async function workerStartFailure(options: ForkSpawnerOptions): Promise<string> {
  const run = runPool([{ id: 1, path: '/x.mp3', mode: 'spread', durationHintSec: null }], {
    spawn: forkWorkerSpawner(options),
    ffmpeg: bundledFfmpeg(),
    onOutcome: () => {},
  });
  const err: unknown = await run.catch((e: unknown) => e);
  expect(err).toBeInstanceOf(WorkerStartError);
  return (err as Error).message;
}
