import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseFile } from 'music-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audioHashOfFile } from '../../core/tags/audio-hash.js';
import { runBin } from '../helpers/cli.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/library');

async function json<T>(args: string[]): Promise<T> {
  const r = await runBin([...args, '--json']);
  if (r.code !== 0) throw new Error(`genrewise ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/**
 * The whole job from the command line, on real files: scan → analyse and predict → review →
 * decide → write tags → undo → playlists, checking the files themselves, not only the output.
 */
describe('the main job, end to end through the CLI', () => {
  let dir: string;
  let music: string;
  let db: string[];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gw-flow-'));
    music = join(dir, 'music');
    cpSync(FIXTURES, music, { recursive: true });
    db = ['--db', join(dir, 'library.db')];
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('scans, analyses and predicts every track', async () => {
    const scan = await json<{ files: number; added: number; errors: number }>(['scan', music, ...db]);
    expect(scan.added).toBe(scan.files);
    const analyze = await json<{ analysed: number; failed: number; predicted: number }>(['analyze', ...db]);
    expect(analyze.failed).toBe(0);
    expect(analyze.analysed).toBe(scan.files);
    expect(analyze.predicted).toBe(scan.files);
    const tracks = await json<{ predicted: string | null; confidence: number | null }[]>(['ls', ...db]);
    expect(tracks.every((t) => typeof t.predicted === 'string' && typeof t.confidence === 'number')).toBe(true);
  });

  it('reviews, decides, writes tags safely, and undoes the batch', async () => {
    const queue = await json<{ id: number; path: string; predicted: string; confidence: number; current: string[] }[]>([
      'review',
      ...db,
      '--below',
      '1',
    ]);
    expect(queue.length).toBeGreaterThan(2);
    const candidates = queue.filter((t) => !t.current.some((g) => /bossa|hip/i.test(g)));
    const [first, second] = candidates as [(typeof queue)[0], (typeof queue)[0]];
    expect((await runBin(['decide', first.path, 'Bossa Nova', ...db])).code).toBe(0);
    expect((await runBin(['decide', String(second.id), 'hip hop', ...db])).code).toBe(0);

    const hashes = new Map<string, string>();
    for (const t of [first, second]) hashes.set(t.path, await audioHashOfFile(t.path));
    const before = new Map<string, string[]>();
    for (const t of [first, second]) before.set(t.path, (await parseFile(t.path)).common.genre ?? []);

    const dry = await json<{ wouldWrite: number; changes: { path: string; after: string[] }[] }>([
      'write-tags',
      '--only-decided',
      '--dry-run',
      ...db,
    ]);
    // The genre goes into the file as the user typed it (issue 11): "hip hop", not the alias target's name.
    expect(dry.changes.map((c) => c.after)).toEqual(expect.arrayContaining([['Bossa Nova'], ['hip hop']]));
    expect((await parseFile(first.path)).common.genre ?? []).toEqual(before.get(first.path));

    const written = await json<{ batch: number; written: number; failed: number }>([
      'write-tags',
      '--only-decided',
      ...db,
    ]);
    expect(written).toMatchObject({ written: 2, failed: 0 });
    expect((await parseFile(first.path)).common.genre).toEqual(['Bossa Nova']);
    expect((await parseFile(second.path)).common.genre).toEqual(['hip hop']);
    for (const [path, hash] of hashes) expect(await audioHashOfFile(path)).toBe(hash);
    const rescan = await json<{ updated: number; added: number }>(['scan', music, ...db]);
    expect(rescan).toMatchObject({ updated: 0, added: 0 });

    const undone = await json<{ undid: number; written: number; failed: number }>(['undo', ...db]);
    expect(undone).toMatchObject({ undid: written.batch, written: 2, failed: 0 });
    for (const t of [first, second]) {
      expect((await parseFile(t.path)).common.genre ?? []).toEqual(before.get(t.path));
      expect(await audioHashOfFile(t.path)).toBe(hashes.get(t.path));
    }
  });

  it('exports playlists by decided genre that point at the files', async () => {
    const out = join(dir, 'playlists');
    const result = await json<{ playlists: { name: string; file: string; tracks: number }[] }>([
      'playlists',
      '--out',
      out,
      '--source',
      'decided',
      ...db,
    ]);
    expect(result.playlists.map((p) => p.name).sort()).toEqual(['Bossa Nova', 'hip hop']);
    for (const p of result.playlists) {
      const entries = readFileSync(p.file, 'utf8')
        .split('\n')
        .filter((l) => l && !l.startsWith('#'));
      expect(entries).toHaveLength(p.tracks);
      for (const e of entries) expect(existsSync(resolve(out, e))).toBe(true);
    }
  });
});
