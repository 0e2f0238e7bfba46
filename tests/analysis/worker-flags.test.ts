import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ANALYSIS_WORKER_EXEC_ARGV } from '../../core/analysis/worker-flags.js';
import { workerStartFailure, writeReportingWorker } from './helpers/stand-in-worker.js';

describe('the flags analysis workers start with', () => {
  let dir: string;
  let workerPath: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'genrewise-worker-flags-'));
    workerPath = writeReportingWorker(dir, 'flags: ${JSON.stringify(process.execArgv)}');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('are the worker flags by default, single-threaded V8 among them', async () => {
    expect(ANALYSIS_WORKER_EXEC_ARGV).toContain('--single-threaded');
    expect(await workerStartFailure({ workerPath })).toContain(`flags: ${JSON.stringify(ANALYSIS_WORKER_EXEC_ARGV)}`);
  });

  it('are exactly the ones given, never the parent’s own', async () => {
    expect(await workerStartFailure({ workerPath, execArgv: [] })).toContain('flags: []');
    expect(await workerStartFailure({ workerPath, execArgv: ['--max-old-space-size=300'] })).toContain(
      'flags: ["--max-old-space-size=300"]',
    );
  });
});
