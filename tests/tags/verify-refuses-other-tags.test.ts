import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TagWriteError } from '../../core/tags/errors.js';
import { nodeTagFs, type TagFs, type WritableFile } from '../../core/tags/io/tag-fs.js';
import { safeWriteGenres } from '../../core/tags/safe-write.js';
import { copyFixture, fixture, readTags, removeDir, tempDir } from './fixtures.js';

/**
 * The verification step catches a writer that changes more than the genre. For every writer
 * family, an injected file-system layer plays the faulty writer: once the new version is built
 * and closed (before it is verified), it changes the last letter of the file's title in place
 * (same length, so sizes and the audio stay as planned). The write must be refused as
 * verify-failed, naming the title, with the original untouched and no temporary copy left.
 */
let dir: string;
beforeAll(() => {
  dir = tempDir('genrewise-verify-');
});
afterAll(() => removeDir(dir));

/** The title as it sits in the file, in the encodings tag formats use. */
function titleAt(bytes: Buffer, title: string): { at: number; width: number } | undefined {
  for (const [encoding, width] of [
    ['utf8', 1],
    ['utf16le', 2],
  ] as const) {
    const at = bytes.indexOf(Buffer.from(title, encoding));
    if (at >= 0) return { at: at + (Buffer.byteLength(title, encoding) - width), width };
  }
  return undefined;
}

/** The real file system, except that the new version's title loses its last letter to 'X'. */
function titleChangingFs(title: string, changed: string[]): TagFs {
  const corrupt = (path: string, file: WritableFile): WritableFile => ({
    write: (data, position) => file.write(data, position),
    truncate: (l) => file.truncate(l),
    sync: () => file.sync(),
    chmod: (m) => file.chmod(m),
    chown: (u, g) => file.chown(u, g),
    utimes: (a, m) => file.utimes(a, m),
    close: async () => {
      await file.close();
      const bytes = readFileSync(path);
      const found = titleAt(bytes, title);
      if (!found) return;
      bytes[found.at] = 'X'.charCodeAt(0);
      writeFileSync(path, bytes);
      changed.push(path);
    },
  });
  return {
    ...nodeTagFs,
    createExclusive: async (path, mode) => corrupt(path, await nodeTagFs.createExclusive(path, mode)),
    openForWrite: async (path) => corrupt(path, await nodeTagFs.openForWrite(path)),
  };
}

const FAMILIES = [
  ['ID3v2 (MP3)', 'mp3/id3v23-slash-cover.mp3'],
  ['ID3v1 (MP3)', 'mp3/id3v1-only.mp3'],
  ['FLAC Vorbis comment', 'flac/repeated-genre-cover.flac'],
  ['Ogg Vorbis', 'ogg/vorbis-semicolon.ogg'],
  ['Ogg Opus', 'opus/tagged.opus'],
  ['MP4 ilst', 'm4a/aac.m4a'],
  ['RIFF INFO (WAV)', 'wav/riff-info.wav'],
  ['ID3 chunk (AIFF)', 'aiff/id3-chunk.aiff'],
  ['ASF (WMA)', 'wma/asf.wma'],
  ['APEv2 (WavPack)', 'wv/apev2.wv'],
] as const;

describe('verification refuses a new version whose other tags changed', () => {
  it.each(FAMILIES)('%s', async (_family, path) => {
    const folder = join(dir, path.replace(/[/.]/g, '-'));
    mkdirSync(folder);
    const file = copyFixture(fixture(path), folder);
    const original = readFileSync(file);
    const title = (await readTags(file)).common.title;
    expect(title, 'the fixture has a title to change').toBeTruthy();
    const changed: string[] = [];

    const error = await safeWriteGenres(file, ['Jazz'], { fs: titleChangingFs(title as string, changed) }).then(
      () => undefined,
      (e: unknown) => e,
    );

    expect(changed, 'the fault was injected into the new version').toHaveLength(1);
    expect(error).toBeInstanceOf(TagWriteError);
    expect((error as TagWriteError).kind).toBe('verify-failed');
    expect((error as TagWriteError).message).toMatch(/title|TIT2|INAM|©nam|Title|NAME/i);
    expect(readFileSync(file).equals(original)).toBe(true);
    expect(readdirSync(folder).filter((n) => n.includes('genrewise-tmp'))).toEqual([]);
  });
});
