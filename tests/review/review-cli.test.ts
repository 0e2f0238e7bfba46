import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedTracks, tempLibrary, type TempLibrary } from '../helpers/library.js';
import { runCli } from '../helpers/cli.js';

describe('review, decide and accept commands', () => {
  let lib: TempLibrary;
  let ids: number[];
  beforeEach(() => {
    lib = tempLibrary();
    ids = seedTracks(lib.db, [
      { path: '/music/low.mp3', predicted: 'jazz', confidence: 0.25, genres: ['Swing'] },
      { path: '/music/high.mp3', predicted: 'rock', confidence: 0.97, genres: ['Rock'] },
      { path: '/music/mid.mp3', predicted: 'pop', confidence: 0.5 },
    ]);
  });
  afterEach(() => lib.close());

  it('review --json prints the queue in the contract shape', async () => {
    const r = await runCli(['review', '--db', lib.dbPath, '--json']);
    expect(r.code).toBe(0);
    const items = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(items.map((i) => i.path)).toEqual(['/music/low.mp3', '/music/mid.mp3']);
    expect(items[0]).toMatchObject({
      id: ids[0],
      path: '/music/low.mp3',
      predicted: 'jazz',
      confidence: 0.25,
      current: ['Swing'],
    });
    const below = JSON.parse(
      (await runCli(['review', '--db', lib.dbPath, '--below', '0.3', '--json'])).stdout,
    ) as unknown[];
    expect(below).toHaveLength(1);
  });

  it('decide by path and by id, then the queue shrinks', async () => {
    expect((await runCli(['decide', '/music/low.mp3', 'Bossa Nova', '--db', lib.dbPath])).code).toBe(0);
    expect((await runCli(['decide', String(ids[2]), 'skip', '--db', lib.dbPath])).code).toBe(0);
    const items = JSON.parse((await runCli(['review', '--db', lib.dbPath, '--json'])).stdout) as unknown[];
    expect(items).toEqual([]);
    const row = lib.db.prepare('SELECT action, genre, source FROM decisions WHERE track_id = ?').get(ids[0]);
    expect(row).toEqual({ action: 'choose', genre: 'Bossa Nova', source: 'user' });
  });

  it('accept --above bulk-accepts and reports the count', async () => {
    const r = await runCli(['accept', '--above', '0.9', '--db', lib.dbPath, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ accepted: 1, above: 0.9 });
  });

  it('bad usage exits 2 with one line on stderr', async () => {
    const r = await runCli(['decide', '/music/low.mp3', '--db', lib.dbPath]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    const missing = await runCli(['decide', '/music/nope.mp3', 'rock', '--db', lib.dbPath]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no track in the library');
    const badThreshold = await runCli(['accept', '--above', '2', '--db', lib.dbPath]);
    expect(badThreshold.code).toBe(2);
  });
});
