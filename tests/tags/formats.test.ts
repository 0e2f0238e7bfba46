import { readFileSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audioHashOfFile } from '../../core/tags/audio-hash.js';
import { safeWriteGenres } from '../../core/tags/safe-write.js';
import { commonWithoutGenre, copyFixture, decodedMd5, fixtureFiles, readTags, removeDir, tempDir } from './fixtures.js';

/**
 * Every committed fixture format, written several times over (one value, several values,
 * non-ASCII, back to what it had): the independent reader sees exactly the written genres,
 * everything else it reports (tags, cover art) stays identical, the audio payload hash and the
 * decoded PCM stay identical.
 */
const SEQUENCE: readonly (readonly string[])[] = [
  ['Blues'],
  ['Hip-Hop', 'Jazz'],
  ['Électronique', 'Musique du monde'],
  ['Rock'],
];

let dir: string;
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => removeDir(dir));

describe.each(fixtureFiles().map((f) => [f.path, f] as const))('%s', (_name, fixture) => {
  it('carries exactly the written genres each time, with tags, cover art and audio unchanged', async () => {
    const path = copyFixture(fixture, dir, fixture.path.replace(/\//g, '-'));
    const before = await readTags(path);
    const hashBefore = await audioHashOfFile(path);
    const pcmBefore = decodedMd5(path);
    const original = before.common.genre ?? [];

    for (const genres of [...SEQUENCE, original]) {
      const result = await safeWriteGenres(path, genres);
      const after = await readTags(path);
      expect(after.common.genre ?? []).toEqual(genres);
      expect(commonWithoutGenre(after)).toEqual(commonWithoutGenre(before));
      expect(after.format.codec).toBe(before.format.codec);
      expect(after.format.sampleRate).toBe(before.format.sampleRate);
      expect(await audioHashOfFile(path)).toBe(hashBefore);
      expect(result.sizeAfter).toBe(statSync(path).size);
    }
    expect(decodedMd5(path)).toBe(pcmBefore);
  });

  it('works the same when the file is streamed from disk instead of read into memory (large files)', async () => {
    const path = copyFixture(fixture, dir, `streamed-${fixture.path.replace(/\//g, '-')}`);
    const inMemory = copyFixture(fixture, dir, `memory-${fixture.path.replace(/\//g, '-')}`);
    const before = await readTags(path);
    const hash = await audioHashOfFile(path);
    for (const genres of SEQUENCE) {
      await safeWriteGenres(path, genres, { memoryLimit: 0 });
      await safeWriteGenres(inMemory, genres);
      const after = await readTags(path);
      expect(after.common.genre ?? []).toEqual(genres);
      expect(commonWithoutGenre(after)).toEqual(commonWithoutGenre(before));
      expect(await audioHashOfFile(path)).toBe(hash);
      // Both paths build the very same bytes.
      expect(readFileSync(path).equals(readFileSync(inMemory))).toBe(true);
    }
  });

  it('reports the genres it replaced and skips a file that already has the target genres', async () => {
    const path = copyFixture(fixture, dir, `again-${fixture.path.replace(/\//g, '-')}`);
    const original = (await readTags(path)).common.genre ?? [];
    const first = await safeWriteGenres(path, ['Reggae', 'Disco']);
    expect(first.changed).toBe(true);
    expect(first.genresBefore).toEqual(original);
    const bytes = readFileSync(path);
    const second = await safeWriteGenres(path, ['Reggae', 'Disco']);
    expect(second.changed).toBe(false);
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });
});
