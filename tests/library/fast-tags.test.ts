import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveFfmpeg } from '../../core/analysis/decode/ffmpeg-binary.js';
import { extensionOf } from '../../core/library/audio-extensions.js';
import { asyncFileIo, CachedFileTokenizer } from '../../core/library/cached-file-tokenizer.js';
import { readFast } from '../../core/library/fast-tags/read-fast.js';
import { readFastTags, readTrack, type TrackReadResult } from '../../core/library/read-track.js';
import { parseMime, sniffAudio } from '../../core/library/sniff-format.js';
import { audioFilesUnder as audioFiles, devLibrariesDir, devSetDir } from '../helpers/dev-sets.js';
import { FIXTURES_DIR } from './fixture-manifest.js';

/**
 * The fast tag readers (core/library/fast-tags) must give exactly what the music-metadata path
 * gives, to the last field and error kind: readTrack with and without them, deep-equal, over
 * every fixture, every development file, files written with awkward tags by mutagen, and
 * truncated copies of all of those cut at a dozen points. Files the fast readers must leave to
 * music-metadata are checked to be left.
 */

/** Whether the fast readers answer for the file (rather than leaving it to music-metadata), as readTrack asks them. */
async function fastHandles(path: string): Promise<boolean> {
  const size = statSync(path).size;
  const fd = await asyncFileIo.open(path);
  try {
    const t = await CachedFileTokenizer.open(asyncFileIo, fd, size);
    const mime = parseMime(sniffAudio(t.head), extensionOf(path));
    return (await readFastTags(readFast, t, mime, asyncFileIo, fd)) !== undefined;
  } finally {
    await asyncFileIo.close(fd);
  }
}

/** readTrack with the fast readers and without them give the same result; returns how many the fast readers took. */
async function expectSameReadings(files: readonly string[]): Promise<number> {
  expect(files.length).toBeGreaterThan(0);
  let handled = 0;
  for (const path of files) {
    const size = statSync(path).size;
    const ext = extensionOf(path);
    const fast = await readTrack(path, size, ext, asyncFileIo, undefined, readFast);
    const slow = await readTrack(path, size, ext, asyncFileIo, undefined, null);
    // `reads` counts read calls, which differ when music-metadata reads a gap in blocks.
    expect(withoutReads(fast), path).toEqual(withoutReads(slow));
    if (await fastHandles(path)) handled++;
  }
  return handled;
}

function withoutReads(result: TrackReadResult): unknown {
  if (!result.ok) return result;
  const { reads: _reads, ...rest } = result;
  return rest;
}

/** Copies of each file cut short at a dozen points, into `dir`. */
function truncatedCopies(files: readonly string[], dir: string): string[] {
  const out: string[] = [];
  for (const path of files) {
    const bytes = readFileSync(path);
    const n = bytes.length;
    const cuts = [1, 9, 10, 50, 200, 1000, 4096, n / 3, n / 2, n - 1200, n - 129, n - 128, n - 1].map(Math.floor);
    for (const cut of new Set(cuts.filter((c) => c > 0 && c < n))) {
      const ext = extensionOf(path);
      const target = join(dir, `${basename(path, `.${ext}`)}-cut${cut}.${ext}`);
      writeFileSync(target, bytes.subarray(0, cut));
      out.push(target);
    }
  }
  return out;
}

const work = mkdtempSync(join(tmpdir(), 'gw-fast-tags-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('fast tag readers against the music-metadata path', () => {
  it('read every fixture as music-metadata does, and take every one but the WMA', async () => {
    const files = audioFiles(FIXTURES_DIR);
    expect(files.length).toBeGreaterThanOrEqual(17);
    await expectSameReadings(files);
    const common = audioFiles(join(FIXTURES_DIR, 'library')).filter((f) =>
      /\.(mp3|flac|ogg|opus|aiff|wav|m4a|wv)$/.test(f),
    );
    expect(common.length).toBe(12);
    for (const path of common) expect(await fastHandles(path), path).toBe(true);
  });

  it('read truncated copies of every fixture as music-metadata does', async () => {
    const dir = join(work, 'fixture-cuts');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    await expectSameReadings(truncatedCopies(audioFiles(join(FIXTURES_DIR, 'library')), dir));
  });

  it.each(['personal', 'realworld'] as const)('read every file of the %s set as music-metadata does', async (set) => {
    const dir = devSetDir(set);
    if (!dir) return;
    await expectSameReadings(audioFiles(dir));
  });

  it('read every file of the dev libraries as music-metadata does, when built', async () => {
    const dir = devLibrariesDir();
    if (!dir) {
      console.warn('dev libraries absent (scripts/make-dev-libraries.sh): skipped');
      return;
    }
    const files = audioFiles(dir);
    const handled = await expectSameReadings(files);
    // Real recordings: all but Ogg files whose first 13 pages need more than one extra read.
    expect(handled / files.length).toBeGreaterThan(0.9);
  });
});

/** /usr/bin/python3 with mutagen (Debian's python3-mutagen), or undefined. */
function mutagenPython(): string | undefined {
  for (const python of ['/usr/bin/python3', 'python3']) {
    if (spawnSync(python, ['-c', 'import mutagen'], { stdio: 'ignore' }).status === 0) return python;
  }
  return undefined;
}

describe('fast tag readers on files with awkward tags (written by mutagen)', () => {
  const dir = join(work, 'awkward');
  let ready = false;

  beforeAll(() => {
    const python = mutagenPython();
    if (!python) {
      const message = 'python3 with mutagen absent (apt-get install python3-mutagen)';
      if (process.env.CI === 'true') throw new Error(`${message}: CI=true requires it`);
      console.warn(`${message}: skipped`);
      return;
    }
    const script = join(import.meta.dirname, '../helpers/make-awkward-tags.py');
    const run = spawnSync(python, [script, dir, resolveFfmpeg().path], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`make-awkward-tags.py failed: ${run.stderr}`);
    ready = true;
  }, 120_000);

  it('reads each as music-metadata does', async () => {
    if (!ready) return;
    const files = audioFiles(dir);
    expect(files.length).toBe(48);
    await expectSameReadings(files);
  });

  it('takes the rest, big covers too; leaves APE on MP3, ID3v1 on FLAC, AIFF-C, RF64, bext to music-metadata', async () => {
    if (!ready) return;
    const left = [
      ...['ape-tagged.mp3', 'id3v1-tail.flac', 'picture.ogg'],
      ...['aifc-sowt.aiff', 'rf64.wav', 'bext.wav'],
    ];
    for (const path of audioFiles(dir)) expect(await fastHandles(path), path).toBe(!left.includes(basename(path)));
  });

  it('reads truncated copies of each as music-metadata does', async () => {
    if (!ready) return;
    const cuts = join(work, 'awkward-cuts');
    mkdirSync(cuts, { recursive: true });
    await expectSameReadings(truncatedCopies(audioFiles(dir), cuts));
  }, 120_000);
});
