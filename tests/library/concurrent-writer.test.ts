import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBin } from '../helpers/cli.js';

const HOLDER = resolve(import.meta.dirname, 'lock-holder.js');
const MP3S = resolve(import.meta.dirname, '../fixtures/library/mp3');

/** Starts another writer on the library that holds the write lock 0.3–2 s at a time. */
async function startLockHolder(dbPath: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [HOLDER, dbPath], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((locked, fail) => {
    child.stdout?.on('data', (d: Buffer) => d.toString().includes('locked') && locked());
    child.on('exit', (code) => fail(new Error(`lock holder exited ${code}`)));
  });
  return child;
}

// Issue 12, item 6: every command that writes waits for another writer (busy timeout) instead of
// dying with "database is locked"; its transactions must take the write lock first (IMMEDIATE).
describe('commands beside a concurrent writer', () => {
  let dir: string;
  let db: string;
  let music: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gw-locked-'));
    music = join(dir, 'music');
    cpSync(MP3S, music, { recursive: true });
    db = join(dir, 'library.db');
    expect((await runBin(['scan', music, '--db', db])).code).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const underLock = async (args: readonly string[]): Promise<string> => {
    const holder = await startLockHolder(db);
    try {
      const r = await runBin([...args, '--db', db]);
      expect(r.stderr).not.toMatch(/locked/);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      return r.stdout;
    } finally {
      holder.kill('SIGKILL');
    }
  };

  it('scan', async () => {
    cpSync(MP3S, join(music, 'again'), { recursive: true });
    await underLock(['scan', music]);
  });

  it('analyze', async () => {
    expect(await underLock(['analyze'])).toMatch(/Analysed \d+ tracks/);
  });

  it('decide and accept', async () => {
    await underLock(['decide', '1', 'skip']);
    await underLock(['accept', '--above', '0']);
  });

  it('write-tags and undo', async () => {
    await underLock(['write-tags', '--mode', 'replace']);
    await underLock(['undo']);
  });
});
