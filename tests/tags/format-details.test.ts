import { readFileSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeWriteGenres } from '../../core/tags/safe-write.js';
import { copyFixture, fixture, readTags, removeDir, tempDir } from './fixtures.js';

/** How each format stores the genres, beyond "the reader sees them". */
let dir: string;
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => removeDir(dir));

function nativeValues(metadata: Awaited<ReturnType<typeof readTags>>, type: string, id: string): unknown[] {
  return (metadata.native[type] ?? []).filter((t) => t.id === id).map((t) => t.value);
}

function hasId3v1(path: string): boolean {
  const bytes = readFileSync(path);
  return bytes.subarray(bytes.length - 128, bytes.length - 125).toString('latin1') === 'TAG';
}

describe('MP3', () => {
  it('keeps an ID3v2.4 tag at version 2.4, values null-separated, and never adds ID3v1', async () => {
    const path = copyFixture(fixture('mp3/id3v24-numeric.mp3'), dir);
    const size = statSync(path).size;
    await safeWriteGenres(path, ['Hip-Hop', 'Jazz']);
    const m = await readTags(path);
    expect(m.format.tagTypes).toEqual(['ID3v2.4']);
    expect(nativeValues(m, 'ID3v2.4', 'TCON')).toEqual(['Hip-Hop', 'Jazz']);
    expect(hasId3v1(path)).toBe(false);
    // The new frame fits in the tag's padding: the audio did not move.
    expect(statSync(path).size).toBe(size);
  });

  it('keeps an ID3v2.3 tag at version 2.3', async () => {
    const path = copyFixture(fixture('mp3/id3v23-slash-cover.mp3'), dir);
    await safeWriteGenres(path, ['Metal']);
    const m = await readTags(path);
    expect(m.format.tagTypes).toEqual(['ID3v2.3']);
    expect(nativeValues(m, 'ID3v2.3', 'TCON')).toEqual(['Metal']);
    expect(hasId3v1(path)).toBe(false);
  });

  it('adds an ID3v2.3 tag to an ID3v1-only file and updates the ID3v1 genre byte only for ID3v1 genres', async () => {
    const path = copyFixture(fixture('mp3/id3v1-only.mp3'), dir);
    await safeWriteGenres(path, ['Blues']);
    let m = await readTags(path);
    expect(m.format.tagTypes).toEqual(['ID3v2.3', 'ID3v1']);
    expect(nativeValues(m, 'ID3v1', 'genre')).toEqual(['Blues']);
    expect(nativeValues(m, 'ID3v2.3', 'TCON')).toEqual(['Blues']);

    // No ID3v1 number for this name: the byte stays; the ID3v2 tag (which readers prefer) has it.
    await safeWriteGenres(path, ['Musique concrète']);
    m = await readTags(path);
    expect(nativeValues(m, 'ID3v1', 'genre')).toEqual(['Blues']);
    expect(m.common.genre).toEqual(['Musique concrète']);

    // Undoing to "no genre" removes the tag we added: the file is byte for byte the fixture.
    await safeWriteGenres(path, []);
    await safeWriteGenres(path, ['Country']);
    await safeWriteGenres(path, []);
    const original = readFileSync(copyFixture(fixture('mp3/id3v1-only.mp3'), dir, 'pristine.mp3'));
    const bytes = readFileSync(path);
    expect(bytes.length).toBe(original.length);
    // Only the ID3v1 genre byte may differ (none → 255), everything else is the original.
    const diffs = [...bytes].map((b, i) => (b === original[i] ? -1 : i)).filter((i) => i >= 0);
    expect(diffs).toEqual([bytes.length - 1]);
    expect(bytes[bytes.length - 1]).toBe(255);
  });
});

describe('FLAC', () => {
  it('writes one GENRE field per value and lets the padding absorb the change', async () => {
    const path = copyFixture(fixture('flac/repeated-genre-cover.flac'), dir);
    const size = statSync(path).size;
    await safeWriteGenres(path, ['Classical', 'Baroque', 'Chamber Music']);
    const m = await readTags(path);
    expect(nativeValues(m, 'vorbis', 'GENRE')).toEqual(['Classical', 'Baroque', 'Chamber Music']);
    expect(statSync(path).size).toBe(size);
  });

  it('gives an untagged FLAC a GENRE field inside its padding, and emptying it restores the file exactly', async () => {
    const path = copyFixture(fixture('flac/untagged.flac'), dir);
    const original = readFileSync(path);
    await safeWriteGenres(path, ['Jazz']);
    expect((await readTags(path)).common.genre).toEqual(['Jazz']);
    expect(statSync(path).size).toBe(original.length);
    await safeWriteGenres(path, []);
    expect((await readTags(path)).common.genre).toBeUndefined();
    expect(readFileSync(path).equals(original)).toBe(true);
  });
});

describe('Ogg', () => {
  it.each(['ogg/vorbis-semicolon.ogg', 'opus/tagged.opus'])('%s: one GENRE field per value', async (name) => {
    const path = copyFixture(fixture(name), dir);
    await safeWriteGenres(path, ['Pop', 'Rock']);
    expect(nativeValues(await readTags(path), 'vorbis', 'GENRE')).toEqual(['Pop', 'Rock']);
  });
});

describe('MP4', () => {
  it('writes ©gen with one data atom per value', async () => {
    const path = copyFixture(fixture('m4a/aac.m4a'), dir);
    await safeWriteGenres(path, ['Country', 'Blues']);
    const m = await readTags(path);
    expect(nativeValues(m, 'iTunes', '©gen')).toEqual(['Country', 'Blues']);
    expect(nativeValues(m, 'iTunes', 'gnre')).toEqual([]);
  });
});

describe('WAV', () => {
  it('adds an id3 chunk and keeps the RIFF INFO genre in step', async () => {
    const path = copyFixture(fixture('wav/riff-info.wav'), dir);
    await safeWriteGenres(path, ['Hip-Hop', 'Reggae']);
    const m = await readTags(path);
    expect(nativeValues(m, 'ID3v2.3', 'TCON')).toEqual(['Hip-Hop', 'Reggae']);
    expect(nativeValues(m, 'exif', 'IGNR')).toEqual(['Hip-Hop; Reggae']);
    expect(m.common.genre).toEqual(['Hip-Hop', 'Reggae']);
    const bytes = readFileSync(path);
    expect(bytes.readUInt32LE(4)).toBe(bytes.length - 8);
  });
});

describe('AIFF', () => {
  it('updates the ID3 chunk in place at its version', async () => {
    const path = copyFixture(fixture('aiff/id3-chunk.aiff'), dir);
    const size = statSync(path).size;
    await safeWriteGenres(path, ['Disco']);
    const m = await readTags(path);
    expect(nativeValues(m, 'ID3v2.4', 'TCON')).toEqual(['Disco']);
    expect(statSync(path).size).toBe(size);
  });
});

describe('ASF', () => {
  it('writes one WM/Genre descriptor per value', async () => {
    const path = copyFixture(fixture('wma/asf.wma'), dir);
    await safeWriteGenres(path, ['Jazz', 'Blues']);
    const m = await readTags(path);
    expect(nativeValues(m, 'asf', 'WM/Genre')).toEqual(['Jazz', 'Blues']);
    // The File Properties object's file size follows the header.
    const bytes = readFileSync(path);
    const headerSize = Number(bytes.readBigUInt64LE(16));
    const fileProperties = bytes.indexOf(Buffer.from('a1dcab8c47a9cf118ee400c00c205365', 'hex'), 30);
    expect(fileProperties).toBeGreaterThan(0);
    expect(fileProperties).toBeLessThan(headerSize);
    expect(Number(bytes.readBigUInt64LE(fileProperties + 40))).toBe(bytes.length);
  });
});

describe('WavPack', () => {
  it('writes the APEv2 Genre item with null-separated values', async () => {
    const path = copyFixture(fixture('wv/apev2.wv'), dir);
    await safeWriteGenres(path, ['Metal', 'Rock']);
    const m = await readTags(path);
    expect(nativeValues(m, 'APEv2', 'genre')).toEqual(['Metal', 'Rock']);
  });
});
