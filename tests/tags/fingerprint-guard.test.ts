import { readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { copyFixture, fixtureFiles, readTags, removeDir, tempDir } from './fixtures.js';

// Issue 12, item 13: a file edited with its size and mtime put back must not be written as if
// the scan still described it.
describe('write-tags compares the scan-time content fingerprint', () => {
  let dir: string;
  let db: string;
  let file: string;

  beforeAll(async () => {
    dir = tempDir('genrewise-fingerprint-');
    const fixture = fixtureFiles().find((f) => f.path.endsWith('id3v1-only.mp3'));
    if (!fixture) throw new Error('fixture mp3/id3v1-only.mp3 missing');
    file = copyFixture(fixture, join(dir, 'music'), 'song.mp3');
    db = join(dir, 'library.db');
    expect((await runCli(['scan', join(dir, 'music'), '--db', db])).code).toBe(0);
    expect((await runCli(['decide', file, 'jazz', '--db', db])).code).toBe(0);
  });
  afterAll(() => removeDir(dir));

  it('refuses the write when the bytes changed but size and mtime did not', async () => {
    const before = statSync(file);
    const bytes = readFileSync(file);
    // Another program edits the ID3v1 title (the last 128 bytes) and puts the timestamp back.
    const title = bytes.length - 128 + 3;
    bytes.write('Edited elsewhere', title, 'latin1');
    writeFileSync(file, bytes);
    utimesSync(file, before.atimeMs / 1000, before.mtimeMs / 1000);
    expect(statSync(file).size).toBe(before.size);
    expect(Math.trunc(statSync(file).mtimeMs)).toBe(Math.trunc(before.mtimeMs));

    const r = await runCli(['write-tags', '--db', db, '--json']);
    const result = JSON.parse(r.stdout) as { written: number; failed: number };
    expect(result).toMatchObject({ written: 0, failed: 1 });
    expect(readFileSync(file).equals(bytes)).toBe(true);

    // After a rescan the library knows the edit, and the write goes ahead.
    expect((await runCli(['scan', join(dir, 'music'), '--db', db])).code).toBe(0);
    const again = JSON.parse((await runCli(['write-tags', '--db', db, '--json'])).stdout) as { written: number };
    expect(again.written).toBe(1);
    expect((await readTags(file)).common.genre).toEqual(['Jazz']);
  });
});
