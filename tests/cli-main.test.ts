import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../core/cli/main.js';

function capture() {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (d: Buffer) => (stdout += d.toString()));
  err.on('data', (d: Buffer) => (stderr += d.toString()));
  return {
    out,
    err,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
  };
}

describe('cli dispatch', () => {
  it('rejects an unknown command with exit 2 and one line on stderr', async () => {
    const io = capture();
    const code = await main(['frobnicate'], { stdout: io.out, stderr: io.err, signal: new AbortController().signal });
    expect(code).toBe(2);
    expect(io.stderr.trim().split('\n')).toHaveLength(1);
    expect(io.stderr).toContain('unknown command');
  });

  it('prints general help', async () => {
    const io = capture();
    const code = await main(['--help'], { stdout: io.out, stderr: io.err, signal: new AbortController().signal });
    expect(code).toBe(0);
    expect(io.stdout).toContain('Usage: genrewise <command>');
  });
});
