import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIBRARY_FIXTURES, loadManifest } from './fixture-manifest.js';

const CLI = resolve(import.meta.dirname, '../../bin/genrewise.js');
const COPIES = 2000;

let dir: string;
let music: string;
let dbPath: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gw-scan-kill-'));
  music = join(dir, 'music');
  const sources = loadManifest().files.map((f) => join(LIBRARY_FIXTURES, f.path));
  for (let i = 0; i < COPIES; i++) {
    const source = sources[i % sources.length] ?? '';
    const folder = join(music, `artist ${Math.floor(i / 100)}`);
    if (i % 100 === 0) mkdirSync(folder, { recursive: true });
    copyFileSync(source, join(folder, `track ${i}${source.slice(source.lastIndexOf('.'))}`));
  }
  dbPath = join(dir, 'library.db');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function countTracks(path = dbPath): number {
  try {
    const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
    try {
      return db.prepare('SELECT count(*) FROM tracks').pluck().get() as number;
    } finally {
      db.close();
    }
  } catch {
    return 0; // not created yet, or the schema is still being written
  }
}

describe('a scan killed with SIGKILL', () => {
  it('leaves a consistent library that the next scan completes without duplicates', async () => {
    const child = spawn(process.execPath, [CLI, 'scan', music, '--db', dbPath, '--json'], { stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_code, signal) => done(signal)));
    // Kill as soon as the first batch is committed, while the scan is still reading.
    let committed = 0;
    for (let waited = 0; committed === 0 && waited < 60_000; waited += 10) {
      await new Promise((r) => setTimeout(r, 10));
      committed = countTracks();
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(committed).toBeGreaterThan(0);

    const db = new BetterSqlite3(dbPath);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const afterKill = db.prepare('SELECT count(*) FROM tracks').pluck().get() as number;
    db.close();
    expect(afterKill).toBeLessThan(COPIES);

    const rerun = spawnSync(process.execPath, [CLI, 'scan', music, '--db', dbPath, '--json'], { encoding: 'utf8' });
    expect(rerun.status, rerun.stderr).toBe(0);
    expect(JSON.parse(rerun.stdout)).toMatchObject({
      files: COPIES,
      added: COPIES - afterKill,
      unchanged: afterKill,
      errors: 0,
      removed: 0,
    });

    const check = new BetterSqlite3(dbPath, { readonly: true });
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(
      check.prepare("SELECT count(*), count(DISTINCT path), sum(status = 'present') FROM tracks").raw().get(),
    ).toEqual([COPIES, COPIES, COPIES]);
    // Tags were stored for every copy: exactly the copies of the one untagged fixture lack a title.
    const files = loadManifest().files;
    const untagged = files.findIndex((f) => f.tags.title === null);
    const expectedUntitled = Array.from({ length: COPIES }, (_, i) => i % files.length).filter(
      (k) => k === untagged,
    ).length;
    expect(check.prepare('SELECT count(*) FROM tracks WHERE title IS NULL').pluck().get()).toBe(expectedUntitled);
    expect(check.prepare('SELECT count(*) FROM scan_errors').pluck().get()).toBe(0);
    check.close();

    const third = spawnSync(process.execPath, [CLI, 'scan', music, '--db', dbPath, '--json'], { encoding: 'utf8' });
    expect(JSON.parse(third.stdout)).toMatchObject({ files: COPIES, unchanged: COPIES, parsed: 0 });
  });
});

describe('a scan stopped with Ctrl-C (SIGINT)', () => {
  it('commits what it read, says so on one line, exits 130, and does not mark anything gone', async () => {
    const path = join(dir, 'interrupted.db');
    const child = spawn(process.execPath, [CLI, 'scan', music, '--db', path, '--json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    for (let waited = 0; countTracks(path) === 0 && waited < 60_000; waited += 10)
      await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGINT');
    const code = await exited;
    const summary = JSON.parse(stdout) as { interrupted: boolean; added: number; files: number };
    expect(summary.interrupted).toBe(true);
    expect(code).toBe(130);
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/interrupted; what was read is saved/)]);
    expect(summary.added).toBeLessThan(COPIES);
    const db = new BetterSqlite3(path, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare('SELECT count(*) FROM tracks').pluck().get()).toBe(summary.added);
    expect(db.prepare("SELECT count(*) FROM tracks WHERE status = 'gone'").pluck().get()).toBe(0);
    db.close();
  });
});
