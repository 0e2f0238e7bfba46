import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAiff } from '../../core/library/fast-tags/aiff.js';
import { bitField, NeedBytes, NOT_HANDLED, type FileBytes } from '../../core/library/fast-tags/bytes.js';
import { CommonTags } from '../../core/library/fast-tags/common-tags.js';
import { readFlac } from '../../core/library/fast-tags/flac.js';
import { parseGenre } from '../../core/library/fast-tags/id3-genre.js';
import { decodeId3 } from '../../core/library/fast-tags/id3-text.js';
import { readMp3 } from '../../core/library/fast-tags/mp3.js';
import { readMp4 } from '../../core/library/fast-tags/mp4.js';
import { readOgg } from '../../core/library/fast-tags/ogg.js';
import { readWav } from '../../core/library/fast-tags/wav.js';
import { readWavPack } from '../../core/library/fast-tags/wavpack.js';
import type { FastReading } from '../../core/library/fast-tags/fast-reading.js';
import { ID3V1_GENRES } from '../../core/library/id3v1-genres.js';
import { toTrackTags } from '../../core/library/track-tags.js';
import { LIBRARY_FIXTURES, loadManifest } from './fixture-manifest.js';

/** music-metadata's own helpers, from inside the package (not exported by it). */
const mmUtil = (await import('../../node_modules/music-metadata/lib/common/Util.js')) as {
  getBitAllignedNumber(source: Uint8Array, byteOffset: number, bitOffset: number, len: number): number;
};
const mmId3v1 = (await import('../../node_modules/music-metadata/lib/id3v1/ID3v1Parser.js')) as {
  Genres: readonly string[];
};
const mmFrames = (await import('../../node_modules/music-metadata/lib/id3v2/FrameParser.js')) as {
  parseGenre(value: string): string[];
};

function fileBytes(bytes: Uint8Array): FileBytes {
  return { head: bytes, tail: new Uint8Array(0), size: bytes.length };
}

function fixture(path: string): FileBytes {
  return fileBytes(readFileSync(join(LIBRARY_FIXTURES, path)));
}

const READERS: Record<string, (file: FileBytes) => FastReading> = {
  mp3: readMp3,
  flac: readFlac,
  ogg: readOgg,
  opus: readOgg,
  aiff: readAiff,
  wav: readWav,
  m4a: readMp4,
  wv: readWavPack,
};

describe('each fast reader against the fixture manifest (scripts/make-fixtures.sh)', () => {
  const files = loadManifest().files.filter((f) => READERS[f.format]);

  it.each(files.map((f) => [f.path, f] as const))('%s: stream and tags as written', (_path, f) => {
    const reading = (READERS[f.format] as (file: FileBytes) => FastReading)(fixture(f.path));
    expect(reading.format.sampleRate).toBe(f.sampleRate);
    expect(reading.format.numberOfChannels).toBe(f.channels);
    // MP3 adds the encoder's delay and padding frames: a few hundredths of a second.
    expect(Math.abs((reading.format.duration ?? 0) - f.durationSec)).toBeLessThan(0.1);
    const tags = toTrackTags(reading.format, reading.common, reading.genreStyle);
    const { title, artist, album, albumArtist, year, trackNo, discNo, genres } = f.tags;
    expect(tags).toMatchObject({ title, artist, album, albumArtist, year, trackNo, discNo, genres });
  });

  it('covers the eight formats', () => {
    expect(new Set(files.map((f) => f.format))).toEqual(
      new Set(['mp3', 'flac', 'ogg', 'opus', 'aiff', 'wav', 'm4a', 'wv']),
    );
  });
});

describe('bytes between head and tail', () => {
  it('are asked for once, and with them an Ogg file reads as from the whole file', () => {
    const whole = readFileSync(join(LIBRARY_FIXTURES, 'ogg/vorbis-semicolon.ogg'));
    const cut: FileBytes = {
      head: whole.subarray(0, 5000),
      tail: whole.subarray(whole.length - 3000),
      size: whole.length,
    };
    let request: unknown;
    try {
      readOgg(cut);
    } catch (err) {
      request = err;
    }
    expect(request).toBeInstanceOf(NeedBytes);
    const { position } = request as NeedBytes;
    // The page (or page data) that runs past the 5,000 bytes of head.
    expect(position).toBeGreaterThan(0);
    expect(position).toBeLessThan(5000);
    const extra = { start: position, bytes: whole.subarray(position) };
    expect(readOgg({ ...cut, extra })).toEqual(readOgg(fileBytes(whole)));
    // With the extra bytes given, a second gap is not asked for again: not handled.
    const short = { start: position, bytes: whole.subarray(position, position + 100) };
    expect(() => readOgg({ ...cut, extra: short })).toThrow();
    try {
      readOgg({ ...cut, extra: short });
    } catch (err) {
      expect(err).toBe(NOT_HANDLED);
    }
  });
});

describe('MPEG stream numbers', () => {
  it('reads the ID3v2.3 fixture as MPEG 1 Layer 3 at its constant bitrate', () => {
    const { format } = readMp3(fixture('mp3/id3v23-slash-cover.mp3'));
    expect(format).toMatchObject({ container: 'MPEG', codec: 'MPEG 1 Layer 3', sampleRate: 44100 });
    expect(format.bitrate).toBeGreaterThan(0);
  });

  it('leaves a file that is only an ID3 tag to music-metadata', () => {
    const tag = new Uint8Array(2000);
    tag.set([0x49, 0x44, 0x33, 3, 0, 0, 0, 0, 0x0f, 0x46]); // "ID3" v2.3, size 1990
    expect(() => readMp3(fileBytes(tag))).toThrow();
    try {
      readMp3(fileBytes(tag));
    } catch (err) {
      expect(err).toBe(NOT_HANDLED);
    }
  });
});

describe('ID3 genre text (parseGenre)', () => {
  it.each([
    ['(17)', ['Rock']],
    ['17', ['Rock']],
    ['(17)(13)', ['Rock', 'Pop']],
    ['(4)Eurodisco', ['Disco', 'Eurodisco']],
    ['((Paren)', ['(Paren)']],
    ['(RX)(CR)', ['Remix', 'Cover']],
    ['(255)', []],
    ['Rock', ['Rock']],
    ['', []],
  ])('%j → %j, as music-metadata', (value, expected) => {
    expect(parseGenre(value)).toEqual(expected);
    expect(parseGenre(value)).toEqual(mmFrames.parseGenre(value));
  });

  it('uses the same genre table as music-metadata', () => {
    expect(ID3V1_GENRES).toEqual(mmId3v1.Genres);
  });
});

describe('ID3 text decoding', () => {
  const utf16 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'utf16le'));

  it('drops byte-order marks in front, decodes UTF-16LE, latin-1 and UTF-8', () => {
    expect(decodeId3(Uint8Array.of(0xff, 0xfe, ...utf16('Café')), 'utf-16le')).toBe('Café');
    expect(decodeId3(Uint8Array.of(0x43, 0x61, 0x66, 0xe9), 'latin1')).toBe('Café');
    expect(decodeId3(new Uint8Array(Buffer.from('Ünï', 'utf8')), 'utf8')).toBe('Ünï');
    // FF FE in front of latin-1 text is dropped too, as music-metadata's decodeString does.
    expect(decodeId3(Uint8Array.of(0xff, 0xfe, 0x41), 'latin1')).toBe('A');
  });

  it('turns an odd last byte and lone surrogates into U+FFFD', () => {
    expect(decodeId3(Uint8Array.of(0x41, 0, 0x42), 'utf-16le')).toBe('A\ufffd');
    expect(decodeId3(Uint8Array.of(0x00, 0xd8, 0x41, 0x00), 'utf-16le')).toBe('\ufffdA');
  });

  it('leaves big-endian UTF-16 to music-metadata', () => {
    expect(() => decodeId3(Uint8Array.of(0, 0x41), 'utf-16be')).toThrow();
  });
});

describe('common tag rules (MetadataCollector)', () => {
  it('keeps the first artist of an origin; later ones only fill artists', () => {
    const tags = new CommonTags();
    tags.add('vorbis', 'artist', 'First');
    tags.add('vorbis', 'artist', 'Second');
    expect(tags.fields().artist).toBe('First');
  });

  it('joins plural artists into the artist when no artist tag is there', () => {
    const tags = new CommonTags();
    tags.add('vorbis', 'artists', 'A');
    tags.add('vorbis', 'artists', 'B');
    tags.add('vorbis', 'artists', 'C');
    expect(tags.fields().artist).toBe('A, B & C');
  });

  it('lets a better origin win a single field, and ID3v1 track numbers override', () => {
    const tags = new CommonTags();
    tags.add('ID3v2.3', 'title', 'From v2');
    tags.add('ID3v2.3', 'track', '3/12');
    tags.add('ID3v1', 'title', 'From v1');
    tags.add('ID3v1', 'track', 7);
    expect(tags.fields()).toMatchObject({ title: 'From v2', track: { no: 7 } });
  });

  it('sets the year from a date whatever its origin', () => {
    const tags = new CommonTags();
    tags.add('ID3v2.4', 'year', '1999');
    tags.add('ID3v1', 'date', '2004-05-06');
    expect(tags.fields().year).toBe(2004);
  });

  it('keeps genres unique per origin and in order', () => {
    const tags = new CommonTags();
    for (const g of ['Rock', 'Pop', 'Rock']) tags.add('vorbis', 'genre', g);
    tags.add('ID3v1', 'genre', 'Blues');
    expect(tags.fields().genre).toEqual(['Rock', 'Pop']);
    expect(tags.genreStyle).toBe('other');
  });
});

describe('bit fields', () => {
  it('overflow as music-metadata getBitAllignedNumber does (FLAC sample counts over 2^31)', () => {
    const bytes = Uint8Array.of(0x0f, 0xff, 0xff, 0xff, 0xff, 0x12, 0x34);
    for (const [byte, bit, len] of [
      [0, 4, 36],
      [0, 4, 4],
      [1, 3, 9],
      [2, 0, 20],
    ] as const) {
      expect(bitField(bytes, byte, bit, len)).toBe(mmUtil.getBitAllignedNumber(bytes, byte, bit, len));
    }
  });
});
