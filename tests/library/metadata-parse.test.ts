import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { IAudioMetadata } from 'music-metadata';
import { describe, expect, it } from 'vitest';
import { extensionOf } from '../../core/library/audio-extensions.js';
import { asyncFileIo, CachedFileTokenizer } from '../../core/library/cached-file-tokenizer.js';
import {
  sharedMapperAvailable,
  sharedMapperParse,
  stockParse,
  type MetadataParse,
} from '../../core/library/metadata-parse.js';
import { readTrack } from '../../core/library/read-track.js';
import { mimeForExtension, sniffAudio } from '../../core/library/sniff-format.js';
import { audioFilesUnder as audioFiles, devLibrariesDir, devSetDir } from '../helpers/dev-sets.js';
import { FIXTURES_DIR } from './fixture-manifest.js';

/**
 * The shared-tag-mapper parse must give exactly what music-metadata's own parseFromTokenizer
 * gives: the whole metadata object (format, native tags, common tags, warnings) and so what the
 * scanner stores. Over every audio file in tests/fixtures and in the development sets.
 */

/** Parses one file as readTrack does (its head decides the parser) with the given parse. */
async function parseWith(path: string, parse: MetadataParse): Promise<IAudioMetadata | string> {
  const size = statSync(path).size;
  const fd = await asyncFileIo.open(path);
  try {
    const tokenizer = await CachedFileTokenizer.open(asyncFileIo, fd, size);
    const sniffed = sniffAudio(tokenizer.head);
    if (sniffed.kind === 'container') tokenizer.fileInfo.mimeType = sniffed.mime;
    else if (sniffed.kind === 'id3-prefixed')
      tokenizer.fileInfo.mimeType = mimeForExtension(extensionOf(path)) ?? 'audio/mpeg';
    return await parse(tokenizer, { skipCovers: true, duration: false });
  } catch (err) {
    return `${(err as Error).name}: ${(err as Error).message}`;
  } finally {
    await asyncFileIo.close(fd);
  }
}

async function expectSameAnswers(files: readonly string[]): Promise<void> {
  expect(files.length).toBeGreaterThan(0);
  for (const path of files) {
    const stock = await parseWith(path, stockParse);
    expect(await parseWith(path, sharedMapperParse), path).toEqual(stock);
    const size = statSync(path).size;
    const ext = extensionOf(path);
    // Without the fast tag readers, so every file goes through music-metadata.
    expect(await readTrack(path, size, ext, asyncFileIo, sharedMapperParse, null), path).toEqual(
      await readTrack(path, size, ext, asyncFileIo, stockParse, null),
    );
  }
}

describe('sharedMapperParse against music-metadata parseFromTokenizer', () => {
  it('reaches the internals of the installed music-metadata (else it only ever parses the stock way)', async () => {
    expect(await sharedMapperAvailable()).toBe(true);
  });

  it('gives the same metadata for every fixture file, broken ones included', async () => {
    const files = audioFiles(FIXTURES_DIR);
    expect(files.length).toBeGreaterThanOrEqual(17);
    await expectSameAnswers(files);
  });

  it('gives the same metadata when parses interleave (one tag mapper serves them all)', async () => {
    const files = audioFiles(join(FIXTURES_DIR, 'library'));
    const stock = await Promise.all(files.map((f) => parseWith(f, stockParse)));
    const shared = await Promise.all([...files, ...files].map((f) => parseWith(f, sharedMapperParse)));
    expect(shared).toEqual([...stock, ...stock]);
  });

  it.each(['personal', 'realworld'] as const)('gives the same metadata for every file of the %s set', async (set) => {
    const dir = devSetDir(set);
    if (!dir) return;
    await expectSameAnswers(audioFiles(dir));
  });

  it('gives the same metadata for every file of the dev libraries, when built', async () => {
    const dir = devLibrariesDir();
    if (!dir) {
      console.warn('dev libraries absent (scripts/make-dev-libraries.sh): skipped');
      return;
    }
    await expectSameAnswers(audioFiles(dir));
  });
});
