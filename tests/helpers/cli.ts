import { PassThrough } from 'node:stream';
import { main } from '../../core/cli/main.js';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process with captured output (no TTY, so no progress bars). */
export async function runCli(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<CliResult> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (d: Buffer) => (stdout += d.toString()));
  err.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await main(argv, {
    stdout: out,
    stderr: err,
    env,
    interactive: false,
    signal: new AbortController().signal,
  });
  return { code, stdout, stderr };
}
