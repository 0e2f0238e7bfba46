import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { seedTracks, tempLibrary, type TempLibrary } from '../helpers/library.js';

/** Issue 13, items 13–23: what the first users hit in the terminal. */

describe('genrewise accept --above (issue 13, item 13)', () => {
  let lib: TempLibrary;
  beforeEach(() => {
    lib = tempLibrary();
    seedTracks(lib.db, [
      { path: '/music/a.mp3', predicted: 'rock', confidence: 0.95, genres: ['Rock'] }, // agrees with its tag
      { path: '/music/b.mp3', predicted: 'jazz', confidence: 0.9, genres: [] }, //         untagged
      { path: '/music/c.mp3', predicted: 'pop', confidence: 0.9, genres: ['Metal'] }, //   disagrees
      { path: '/music/d.mp3', predicted: 'blues', confidence: 0.5, genres: [] }, //        not confident
    ]);
  });
  afterEach(() => lib.close());

  const logRows = (): number => lib.db.prepare('SELECT COUNT(*) FROM decision_log').pluck().get() as number;

  it('accepts each confident prediction once: a second run accepts and logs nothing', async () => {
    const first = await runCli(['accept', '--above', '0.8', '--json', '--db', lib.dbPath]);
    expect(first.code).toBe(0);
    // Untagged tracks are accepted (nothing contradicts them); a disagreeing tag is left for a person.
    expect(JSON.parse(first.stdout)).toEqual({ accepted: 2, above: 0.8 });
    expect(logRows()).toBe(2);
    const second = await runCli(['accept', '--above', '0.8', '--json', '--db', lib.dbPath]);
    expect(JSON.parse(second.stdout)).toEqual({ accepted: 0, above: 0.8 });
    expect(logRows()).toBe(2);
  });

  it('re-accepts a bulk-accepted track only when its prediction changed', async () => {
    await runCli(['accept', '--above', '0.8', '--db', lib.dbPath]);
    lib.db.prepare("UPDATE current_predictions SET genre = 'blues' WHERE genre = 'jazz'").run();
    const again = await runCli(['accept', '--above', '0.8', '--json', '--db', lib.dbPath]);
    expect(JSON.parse(again.stdout)).toEqual({ accepted: 1, above: 0.8 });
    const genre = lib.db
      .prepare("SELECT genre FROM decisions WHERE source = 'model' AND genre = 'blues'")
      .pluck()
      .get();
    expect(genre).toBe('blues');
  });

  it('says in its help that untagged tracks are accepted and disagreeing tags are not', async () => {
    const help = await runCli(['accept', '--help']);
    expect(help.stdout).toMatch(/untagged/i);
    expect(help.stdout).toMatch(/disagree/i);
  });
});

describe('genre names typed and tagged are matched alike (issue 13, item 16)', () => {
  let lib: TempLibrary;
  let ids: number[];
  beforeEach(() => {
    lib = tempLibrary();
    ids = seedTracks(lib.db, [
      { path: '/music/a.mp3', predicted: 'metal', confidence: 0.9, genres: ['Heavy-Metal'] },
      { path: '/music/b.mp3', predicted: 'rock', confidence: 0.9, genres: [] },
    ]);
  });
  afterEach(() => lib.close());

  it('a tag spelled heavy-metal agrees with a metal prediction, as "Heavy Metal" does', async () => {
    const accepted = await runCli(['accept', '--above', '0.8', '--json', '--db', lib.dbPath]);
    expect(JSON.parse(accepted.stdout)).toEqual({ accepted: 2, above: 0.8 });
  });

  it('decide ID heavy-metal stores the name as typed, and it names the same genre as the alias', async () => {
    const result = await runCli(['decide', String(ids[1]), 'heavy-metal', '--json', '--db', lib.dbPath]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ action: 'choose', genre: 'heavy-metal' });
    const help = await runCli(['decide', '--help']);
    expect(help.stdout).toMatch(/heavy-metal/);
    expect(help.stdout).toMatch(/--json {2,}\S/);
  });
});
