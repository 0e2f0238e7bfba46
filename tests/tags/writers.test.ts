import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audioHashOfFile } from '../../core/tags/audio-hash.js';
import { TagWriteError } from '../../core/tags/errors.js';
import { parseId3v2, serialiseId3v2, unsyncDecode, unsyncEncode, withGenres } from '../../core/tags/formats/id3v2.js';
import { oggCrc } from '../../core/tags/formats/ogg-page.js';
import { safeWriteGenres } from '../../core/tags/safe-write.js';
import { copyFixture, fixture, decodedMd5, ffmpegPath, readTags, removeDir, tempDir } from './fixtures.js';

/**
 * The structures the committed fixtures do not exercise: Ogg header pages that change count,
 * MP4 with moov before the media data, ID3v2 variants (2.2, unsynchronisation, extended header
 * CRC, footer, non-syncsafe frame sizes), APE tags in MP3, and damaged files.
 */
let dir: string;
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => removeDir(dir));

/** Bit-by-bit Ogg CRC straight from RFC 3533's description, to check the table-driven one. */
function referenceOggCrc(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte << 24;
    for (let k = 0; k < 8; k++) crc = crc & 0x80000000 ? (crc << 1) ^ 0x04c11db7 : crc << 1;
  }
  return crc >>> 0;
}

interface PageInfo {
  sequence: number;
  serial: number;
  crcOk: boolean;
}

function oggPages(path: string): PageInfo[] {
  const bytes = readFileSync(path);
  const pages: PageInfo[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    expect(bytes.toString('latin1', pos, pos + 4)).toBe('OggS');
    const segments = bytes[pos + 26] as number;
    let body = 0;
    for (let i = 0; i < segments; i++) body += bytes[pos + 27 + i] as number;
    const page = Buffer.from(bytes.subarray(pos, pos + 27 + segments + body));
    const stored = page.readUInt32LE(22);
    page.writeUInt32LE(0, 22);
    pages.push({
      sequence: page.readUInt32LE(18),
      serial: page.readUInt32LE(14),
      crcOk: referenceOggCrc(page) === stored,
    });
    pos += page.length;
  }
  return pages;
}

describe('Ogg CRC', () => {
  it('matches the bitwise definition on random data of every length class', () => {
    for (const length of [0, 1, 7, 8, 9, 255, 4096, 65307]) {
      const data = randomBytes(length);
      expect(oggCrc(data)).toBe(referenceOggCrc(data));
    }
  });
});

describe('Ogg header pages', () => {
  it.each(['ogg/vorbis-semicolon.ogg', 'opus/tagged.opus'])(
    '%s: a comment that needs more pages renumbers every later page validly',
    async (name) => {
      const path = copyFixture(fixture(name), dir, `pages-${name.replace('/', '-')}`);
      const pcm = decodedMd5(path);
      const hash = await audioHashOfFile(path);
      const pagesBefore = oggPages(path).length;
      // ~80 kB of genre text: the comment packet no longer fits on one page.
      const many = Array.from({ length: 320 }, (_, i) => `Genre number ${i} ${'x'.repeat(230)}`);
      await safeWriteGenres(path, many);
      const grown = oggPages(path);
      expect(grown.length).toBeGreaterThan(pagesBefore);
      expect(grown.every((p) => p.crcOk)).toBe(true);
      expect(grown.map((p) => p.sequence)).toEqual(grown.map((_, i) => i));
      expect((await readTags(path)).common.genre).toEqual(many);
      expect(await audioHashOfFile(path)).toBe(hash);
      expect(decodedMd5(path)).toBe(pcm);

      await safeWriteGenres(path, ['Pop']);
      const shrunk = oggPages(path);
      expect(shrunk.length).toBe(pagesBefore);
      expect(shrunk.every((p) => p.crcOk)).toBe(true);
      expect(shrunk.map((p) => p.sequence)).toEqual(shrunk.map((_, i) => i));
      expect(decodedMd5(path)).toBe(pcm);
    },
  );
});

/** Tags as ffmpeg's own ID3/MP4 readers see them: a second independent reader. */
function ffmpegMetadata(path: string): Record<string, string> {
  const result = spawnSync(ffmpegPath(), ['-v', 'error', '-i', path, '-f', 'ffmetadata', '-'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`ffmpeg cannot read ${path}: ${result.stderr}`);
  const out: Record<string, string> = {};
  for (const line of result.stdout.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0 && !line.startsWith(';')) out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

function remux(input: string, output: string, args: readonly string[]): void {
  const result = spawnSync(ffmpegPath(), [
    '-v',
    'error',
    '-y',
    '-i',
    input,
    '-map',
    '0',
    '-c',
    'copy',
    ...args,
    output,
  ]);
  if (result.status !== 0) throw new Error(`ffmpeg remux failed: ${result.stderr}`);
}

/** Top-level MP4 atoms as [type, offset, size]. */
function topAtoms(path: string): [string, number, number][] {
  return topAtomsOf(readFileSync(path));
}

describe('MP4 with moov before the media data', () => {
  it('shifts every chunk offset when moov changes size', async () => {
    const path = join(dir, 'faststart.m4a');
    remux(copyFixture(fixture('m4a/aac.m4a'), dir, 'source.m4a'), path, ['-movflags', '+faststart']);
    const types = topAtoms(path).map(([t]) => t);
    expect(types.indexOf('moov')).toBeLessThan(types.indexOf('mdat'));
    const pcm = decodedMd5(path);
    const hash = await audioHashOfFile(path);
    const size = statSync(path).size;
    const mdatBefore = topAtoms(path).find(([t]) => t === 'mdat')?.[1] ?? 0;

    await safeWriteGenres(path, ['A much longer genre name than the fixture had', 'Second']);
    const mdatAfter = topAtoms(path).find(([t]) => t === 'mdat')?.[1] ?? 0;
    expect(statSync(path).size - size).toBe(mdatAfter - mdatBefore);
    expect(mdatAfter).not.toBe(mdatBefore);
    expect(decodedMd5(path)).toBe(pcm);
    expect(await audioHashOfFile(path)).toBe(hash);
    expect((await readTags(path)).common.genre).toEqual(['A much longer genre name than the fixture had', 'Second']);
  });

  it('lets a free atom after moov absorb the change so the media data does not move', async () => {
    // ffmpeg's faststart leaves no free atom: insert one after moov and shift the chunk offsets.
    const faststart = join(dir, 'faststart-for-free.m4a');
    remux(copyFixture(fixture('m4a/aac.m4a'), dir, 'source2.m4a'), faststart, ['-movflags', '+faststart']);
    const moov = topAtoms(faststart).find(([t]) => t === 'moov');
    if (!moov) throw new Error('no moov');
    const moovEnd = moov[1] + moov[2];
    const bytes = readFileSync(faststart);
    const free = Buffer.alloc(256);
    free.writeUInt32BE(256, 0);
    free.write('free', 4, 'latin1');
    const path = join(dir, 'free-after-moov.m4a');
    writeFileSync(
      path,
      shiftChunkOffsets(Buffer.concat([bytes.subarray(0, moovEnd), free, bytes.subarray(moovEnd)]), moovEnd, 256),
    );
    const pcm = decodedMd5(faststart);
    expect(decodedMd5(path)).toBe(pcm);
    const size = statSync(path).size;
    const mdatBefore = topAtoms(path).find(([t]) => t === 'mdat')?.[1];

    await safeWriteGenres(path, ['Grown into the free atom after moov']);
    expect(statSync(path).size).toBe(size);
    expect(topAtoms(path).find(([t]) => t === 'mdat')?.[1]).toBe(mdatBefore);
    expect(topAtoms(path).find(([t]) => t === 'free')?.[2]).toBeLessThan(256);
    expect(decodedMd5(path)).toBe(pcm);
  });
});

describe('MP4 without any tag structure', () => {
  it('creates udta/meta/ilst for the genre and removes exactly that again when emptied', async () => {
    // The fixture with its udta atom cut out (moov is last, so no offsets change).
    const bytes = readFileSync(resolve(import.meta.dirname, '../fixtures/library/m4a/aac.m4a'));
    const moov = topAtomsOf(bytes).find(([t]) => t === 'moov');
    if (!moov) throw new Error('no moov');
    const udtaAt = bytes.indexOf('udta', moov[1]) - 4;
    const udtaSize = bytes.readUInt32BE(udtaAt);
    const stripped = Buffer.concat([bytes.subarray(0, udtaAt), bytes.subarray(udtaAt + udtaSize)]);
    stripped.writeUInt32BE(moov[2] - udtaSize, moov[1]);
    const path = join(dir, 'no-udta.m4a');
    writeFileSync(path, stripped);
    const pcm = decodedMd5(path);
    expect((await readTags(path)).common.title).toBeUndefined();

    await safeWriteGenres(path, ['Jazz', 'Swing']);
    expect((await readTags(path)).common.genre).toEqual(['Jazz', 'Swing']);
    expect(decodedMd5(path)).toBe(pcm);
    await safeWriteGenres(path, []);
    expect(readFileSync(path).equals(stripped)).toBe(true);
  });
});

describe('FLAC whose padding is too small', () => {
  it('grows the file, keeps the padding block, and the frames decode the same', async () => {
    // The fixture with its 8 KiB padding block cut down to 10 bytes.
    const bytes = readFileSync(resolve(import.meta.dirname, '../fixtures/library/flac/untagged.flac'));
    let pos = 4;
    let paddingAt = -1;
    for (;;) {
      const header = bytes[pos] as number;
      if ((header & 0x7f) === 1) paddingAt = pos;
      pos += 4 + bytes.readUIntBE(pos + 1, 3);
      if (header & 0x80) break;
    }
    expect(paddingAt).toBeGreaterThan(0);
    const small = Buffer.concat([
      bytes.subarray(0, paddingAt),
      Buffer.from([0x81, 0, 0, 10]),
      Buffer.alloc(10),
      bytes.subarray(pos),
    ]);
    const path = join(dir, 'small-padding.flac');
    writeFileSync(path, small);
    const pcm = decodedMd5(path);
    const genres = ['A genre name long enough not to fit in ten bytes of padding'];
    await safeWriteGenres(path, genres);
    const grown = readFileSync(path);
    expect(grown.length).toBeGreaterThan(small.length);
    expect((await readTags(path)).common.genre).toEqual(genres);
    expect(decodedMd5(path)).toBe(pcm);
    // The padding block is still there with its 10 bytes, the last block before the frames.
    const blocks: [number, number][] = [];
    for (let at = 4; ;) {
      const header = grown[at] as number;
      blocks.push([header & 0x7f, grown.readUIntBE(at + 1, 3)]);
      at += 4 + grown.readUIntBE(at + 1, 3);
      if (header & 0x80) break;
    }
    expect(blocks[blocks.length - 1]).toEqual([1, 10]);
  });
});

function topAtomsOf(bytes: Buffer): [string, number, number][] {
  const atoms: [string, number, number][] = [];
  for (let pos = 0; pos < bytes.length;) {
    const size = bytes.readUInt32BE(pos);
    atoms.push([bytes.toString('latin1', pos + 4, pos + 8), pos, size]);
    pos += size;
  }
  return atoms;
}

/** Test-side construction: every stco entry at or after `from` moved by `delta`. */
function shiftChunkOffsets(bytes: Buffer, from: number, delta: number): Buffer {
  for (let i = bytes.indexOf('stco'); i >= 0; i = bytes.indexOf('stco', i + 4)) {
    const count = bytes.readUInt32BE(i + 8);
    for (let k = 0; k < count; k++) {
      const at = i + 12 + k * 4;
      const offset = bytes.readUInt32BE(at);
      if (offset >= from) bytes.writeUInt32BE(offset + delta, at);
    }
  }
  return bytes;
}

/** The audio of an MP3 fixture without any tag, to wrap hand-built tags around. */
function bareMp3Audio(): Buffer {
  const bytes = readFileSync(resolve(import.meta.dirname, '../fixtures/library/mp3/id3v24-numeric.mp3'));
  const size =
    ((bytes[6] as number) << 21) | ((bytes[7] as number) << 14) | ((bytes[8] as number) << 7) | (bytes[9] as number);
  return bytes.subarray(10 + size);
}

function syncsafe(n: number): Buffer {
  return Buffer.from([(n >> 21) & 0x7f, (n >> 14) & 0x7f, (n >> 7) & 0x7f, n & 0x7f]);
}

function frameV23(id: string, body: Buffer): Buffer {
  const h = Buffer.alloc(10);
  h.write(id, 0, 'latin1');
  h.writeUInt32BE(body.length, 4);
  return Buffer.concat([h, body]);
}

function id3Header(major: number, flags: number, bodyLength: number): Buffer {
  return Buffer.concat([Buffer.from('ID3', 'latin1'), Buffer.from([major, 0, flags]), syncsafe(bodyLength)]);
}

describe('ID3v2 variants', () => {
  it('unsynchronisation round-trips', () => {
    const data = Buffer.from([0xff, 0xe0, 0x00, 0xff, 0x00, 0xff, 0xff, 0xfe, 0x12, 0xff]);
    expect(Buffer.from(unsyncDecode(unsyncEncode(data)))).toEqual(data);
    expect(Buffer.from(unsyncEncode(Buffer.from([0xff, 0xe0])))).toEqual(Buffer.from([0xff, 0x00, 0xe0]));
  });

  it('v2.3 with the tag-level unsynchronisation flag: flag kept, other frames byte for byte', async () => {
    const title = frameV23('TIT2', Buffer.from('\0Flagged', 'latin1'));
    const body = Buffer.concat([title, frameV23('TCON', Buffer.from('\0Rock', 'latin1'))]);
    const path = join(dir, 'unsync-flag.mp3');
    writeFileSync(path, Buffer.concat([id3Header(3, 0x80, body.length + 64), body, Buffer.alloc(64), bareMp3Audio()]));
    await safeWriteGenres(path, ['Jazz']);
    expect((await readTags(path)).common.genre).toEqual(['Jazz']);
    expect(ffmpegMetadata(path)).toMatchObject({ title: 'Flagged', genre: 'Jazz' });
    const tag = parseId3v2(readFileSync(path));
    expect(tag.flags & 0x80).toBe(0x80);
    expect(Buffer.from(tag.frames[0]?.raw ?? []).equals(title)).toBe(true);
  });

  it('v2.3 unsynchronised frames the reader cannot agree on are written correctly or refused, never damaged', async () => {
    // A UTF-16 title (BOM FF FE) that unsynchronisation changes. TagLib and mutagen read the frame
    // sizes as de-unsynchronised (the standard); music-metadata and ffmpeg do not. Whatever the
    // reader makes of it, the pipeline may only install a version it reads back correctly.
    const title = frameV23('TIT2', Buffer.concat([Buffer.from([1, 0xff, 0xfe]), Buffer.from('Sync', 'utf16le')]));
    const body = Buffer.from(unsyncEncode(Buffer.concat([title, frameV23('TCON', Buffer.from('\0Rock', 'latin1'))])));
    const path = join(dir, 'unsync-ff.mp3');
    writeFileSync(path, Buffer.concat([id3Header(3, 0x80, body.length + 64), body, Buffer.alloc(64), bareMp3Audio()]));
    const original = readFileSync(path);
    const outcome = await safeWriteGenres(path, ['Jazz']).catch((e: unknown) => e);
    if (outcome instanceof TagWriteError) {
      expect(outcome.kind).toBe('verify-failed');
      expect(readFileSync(path).equals(original)).toBe(true);
    } else {
      expect((await readTags(path)).common.genre).toEqual(['Jazz']);
      const tag = parseId3v2(readFileSync(path));
      expect(Buffer.from(tag.frames[0]?.raw ?? []).equals(title)).toBe(true);
    }
    expect(readdirSync(dir).filter((n) => n.includes('genrewise-tmp'))).toEqual([]);
  });

  it('v2.3 extended header: padding size and CRC are recomputed for the new frames', () => {
    const title = frameV23('TIT2', Buffer.from('\0Checked', 'latin1'));
    const frames = Buffer.concat([title, frameV23('TCON', Buffer.from('\0Rock', 'latin1'))]);
    const ext = Buffer.alloc(14);
    ext.writeUInt32BE(10, 0); // v2.3: size without these 4 bytes
    ext.writeUInt16BE(0x8000, 4); // CRC present
    ext.writeUInt32BE(100, 6);
    ext.writeUInt32BE(crc32(frames), 10);
    const body = Buffer.concat([ext, frames, Buffer.alloc(100)]);
    const tag = parseId3v2(Buffer.concat([id3Header(3, 0x40, body.length), body]));
    const rewritten = serialiseId3v2(tag, withGenres(tag, ['Blues']));
    const path = join(dir, 'ext-header.mp3');
    writeFileSync(path, Buffer.concat([rewritten, bareMp3Audio()]));
    const reparsed = parseId3v2(rewritten);
    const extAfter = Buffer.from(reparsed.extendedHeader ?? []);
    expect(reparsed.totalSize).toBe(tag.totalSize);
    expect(extAfter.readUInt32BE(10)).toBe(crc32(Buffer.concat(reparsed.frames.map((f) => f.raw))));
    expect(extAfter.readUInt32BE(6)).toBe(reparsed.paddingSize);
    const meta = ffmpegMetadata(path);
    expect(meta.title).toBe('Checked');
    expect(meta.genre).toBe('Blues');
  });

  it('v2.2 tags get a TCO frame', async () => {
    const frame = (id: string, text: string): Buffer => {
      const body = Buffer.from(`\0${text}`, 'latin1');
      return Buffer.concat([Buffer.from(id, 'latin1'), Buffer.from([0, 0, body.length]), body]);
    };
    const frames = Buffer.concat([frame('TT2', 'Old Format'), frame('TCO', '(17)')]);
    const path = join(dir, 'v22.mp3');
    writeFileSync(path, Buffer.concat([id3Header(2, 0, frames.length + 32), frames, Buffer.alloc(32), bareMp3Audio()]));
    expect((await readTags(path)).common.genre).toEqual(['Rock']);
    await safeWriteGenres(path, ['Country']);
    const m = await readTags(path);
    expect(m.format.tagTypes).toEqual(['ID3v2.2']);
    expect(m.common.genre).toEqual(['Country']);
    expect(m.common.title).toBe('Old Format');
  });

  it('v2.4 with a footer keeps its footer', async () => {
    const body = Buffer.from('\0Soul', 'latin1');
    const tcon = Buffer.concat([Buffer.from('TCON', 'latin1'), syncsafe(body.length), Buffer.from([0, 0]), body]);
    const header = id3Header(4, 0x10, tcon.length);
    const footer = Buffer.concat([Buffer.from('3DI', 'latin1'), header.subarray(3)]);
    const path = join(dir, 'footer.mp3');
    writeFileSync(path, Buffer.concat([header, tcon, footer, bareMp3Audio()]));
    await safeWriteGenres(path, ['Funk', 'Soul']);
    const bytes = readFileSync(path);
    const tag = parseId3v2(bytes);
    expect(bytes.toString('latin1', tag.totalSize - 10, tag.totalSize - 7)).toBe('3DI');
    expect((await readTags(path)).common.genre).toEqual(['Funk', 'Soul']);
  });

  it('reads v2.4 frames whose sizes were written as plain integers (iTunes) and keeps them', () => {
    const text = Buffer.concat([Buffer.from([0]), Buffer.from('x'.repeat(199), 'latin1')]);
    const plainSize = Buffer.alloc(4);
    plainSize.writeUInt32BE(text.length, 0); // 200 = 0xC8: not a syncsafe byte
    const frame1 = Buffer.concat([Buffer.from('TIT2', 'latin1'), plainSize, Buffer.from([0, 0]), text]);
    const frame2 = Buffer.concat([
      Buffer.from('TALB', 'latin1'),
      syncsafe(3),
      Buffer.from([0, 0]),
      Buffer.from('\0ab', 'latin1'),
    ]);
    const frames = Buffer.concat([frame1, frame2]);
    const tag = parseId3v2(Buffer.concat([id3Header(4, 0, frames.length), frames]));
    expect(tag.frames.map((f) => f.id)).toEqual(['TIT2', 'TALB']);
    expect(Buffer.from(tag.frames[0]?.raw ?? []).equals(frame1)).toBe(true);
  });

  it('escapes a leading parenthesis so the value is not taken for a genre number', async () => {
    const path = copyFixture(fixture('mp3/id3v23-slash-cover.mp3'), dir, 'paren.mp3');
    await safeWriteGenres(path, ['(Live) Recordings']);
    expect((await readTags(path)).common.genre).toEqual(['(Live) Recordings']);
  });
});

describe('MP3 with an APEv2 tag', () => {
  it('updates the APE Genre too, since readers prefer APE over ID3v2', async () => {
    const item = (key: string, value: string): Buffer => {
      const v = Buffer.from(value, 'utf8');
      const h = Buffer.alloc(8);
      h.writeUInt32LE(v.length, 0);
      return Buffer.concat([h, Buffer.from(`${key}\0`, 'latin1'), v]);
    };
    const items = Buffer.concat([item('Title', 'Ape Title'), item('Genre', 'Rock')]);
    const frame = (isHeader: boolean): Buffer => {
      const f = Buffer.alloc(32);
      f.write('APETAGEX', 0, 'latin1');
      f.writeUInt32LE(2000, 8);
      f.writeUInt32LE(items.length + 32, 12);
      f.writeUInt32LE(2, 16);
      f.writeUInt32LE((0x80000000 | (isHeader ? 0x20000000 : 0)) >>> 0, 20);
      return f;
    };
    const mp3 = readFileSync(resolve(import.meta.dirname, '../fixtures/library/mp3/id3v24-numeric.mp3'));
    const path = join(dir, 'with-ape.mp3');
    writeFileSync(path, Buffer.concat([mp3, frame(true), items, frame(false)]));
    expect((await readTags(path)).common.genre).toEqual(['Rock']);
    await safeWriteGenres(path, ['Pop', 'Soul']);
    const m = await readTags(path);
    expect(m.common.genre).toEqual(['Pop', 'Soul']);
    expect(m.common.title).toBe('Ape Title');
    expect((m.native['ID3v2.4'] ?? []).filter((t) => t.id === 'TCON').map((t) => t.value)).toEqual(['Pop', 'Soul']);
  });
});

describe('damaged and foreign files', () => {
  const broken = resolve(import.meta.dirname, '../fixtures/broken');
  it.each(readdirSync(broken))('%s is refused and left as it was', async (name) => {
    const path = join(dir, `broken-${name}`);
    copyFileSync(join(broken, name), path);
    const bytes = readFileSync(path);
    const error = await safeWriteGenres(path, ['Rock']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TagWriteError);
    expect(['corrupt', 'unsupported', 'verify-failed']).toContain((error as TagWriteError).kind);
    expect(readFileSync(path).equals(bytes)).toBe(true);
    expect(readdirSync(dir).filter((n) => n.includes('genrewise-tmp'))).toEqual([]);
  });
});
