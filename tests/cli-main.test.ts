import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../core/cli/commands/index.js';
import { runCli } from './helpers/cli.js';

describe('cli dispatch', () => {
  it('rejects an unknown command with exit 2 and one line on stderr', async () => {
    const { code, stderr } = await runCli(['frobnicate']);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('unknown command');
  });

  it('prints general help', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: genrewise <command>');
  });

  it('lists each command under the name its module answers to', async () => {
    for (const entry of COMMANDS) expect((await entry.load()).name).toBe(entry.name);
  });

  it('loads only the command that runs (stats does not pay for onnxruntime)', () => {
    const compiled = fileURLToPath(new URL('../dist/node/core/cli/main.js', import.meta.url));
    expect(existsSync(compiled), 'run npm run build first').toBe(true);
    const script = `
      const { createRequire } = await import('node:module');
      const { main } = await import(${JSON.stringify(compiled)});
      await main(['stats', '--help']);
      const cache = Object.keys(createRequire(import.meta.url).cache);
      process.stderr.write(String(cache.filter((k) => k.includes('onnxruntime')).length));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Usage: genrewise stats');
    expect(run.stderr.trim()).toBe('0');
  });
});
