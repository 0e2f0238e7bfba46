import { bytes, copy, normaliseEdit, type FileEdit, type Piece } from '../edit.js';
import { TagWriteError } from '../errors.js';
import type { ByteSource } from '../io/byte-source.js';
import { readApeTag, serialiseApeTag, type ApeTag } from './apev2.js';
import { id3v1GenrePatch, readId3v1, type Id3v1Tag } from './id3v1.js';
import { newTag, readId3v2At, serialiseId3v2, withGenres, type Id3v2Tag } from './id3v2.js';
import { digestRange } from './ranges.js';
import type { GenreFormat } from './types.js';

/**
 * MPEG audio (MP3, MP2) and ADTS AAC: an ID3v2 tag in front, the frames, then optionally an APE
 * tag, a Lyrics3v2 block and an ID3v1 trailer. The genre goes into the ID3v2 tag (added as
 * v2.3 when missing); an APE tag that exists gets the same genres, because readers that see both
 * (music-metadata, foobar2000) prefer APE; an ID3v1 trailer is updated, never added.
 */
interface MpegLayout {
  readonly id3v2: Id3v2Tag | null;
  readonly audioStart: number;
  readonly audioEnd: number;
  readonly ape: ApeTag | null;
  readonly id3v1: Id3v1Tag | null;
}

/** How far zero bytes after an ID3v2 tag may run before the first frame (some taggers pad outside). */
const MAX_ZERO_RUN = 1 << 16;

async function layout(source: ByteSource): Promise<MpegLayout> {
  const id3v2 = await readId3v2At(source, 0);
  const audioStart = id3v2?.totalSize ?? 0;
  await checkAudioFollows(source, audioStart);

  const id3v1 = await readId3v1(source);
  let tailEnd = id3v1?.offset ?? source.size;
  const lyrics = await lyrics3Size(source, tailEnd);
  tailEnd -= lyrics;
  const ape = await readApeTag(source, tailEnd);
  const audioEnd = ape?.start ?? tailEnd;
  if (audioEnd < audioStart)
    throw new TagWriteError('corrupt', 'the tags at the end of the file overlap the tag at its start');
  if (audioEnd - 10 >= audioStart) {
    const tail = await source.read(audioEnd - 10, 3);
    if (tail.toString('latin1') === '3DI') {
      throw new TagWriteError(
        'unsupported',
        'the file has an ID3v2.4 tag appended at its end; such files are not written',
      );
    }
  }
  return { id3v2, audioStart, audioEnd, ape, id3v1 };
}

/** The Lyrics3v2 block ending at `end` ("LYRICS200" after a six-digit size), in bytes, or 0. */
async function lyrics3Size(source: ByteSource, end: number): Promise<number> {
  if (end < 15) return 0;
  const tail = await source.read(end - 15, 15);
  if (tail.toString('latin1', 6) !== 'LYRICS200') return 0;
  const digits = tail.toString('latin1', 0, 6);
  if (!/^\d{6}$/.test(digits)) return 0;
  return Number(digits) + 15;
}

/**
 * Refuses files whose ID3v2 size field does not lead to audio: writing a tag of a different size
 * there would cut or duplicate whatever the field gets wrong.
 */
async function checkAudioFollows(source: ByteSource, start: number): Promise<void> {
  if (start >= source.size) throw new TagWriteError('corrupt', 'the file holds a tag but no audio');
  const head = await source.readAvailable(start, MAX_ZERO_RUN + 4);
  let i = 0;
  while (i < head.length && head[i] === 0) i++;
  const b0 = head[i];
  const b1 = head[i + 1] ?? 0;
  if (b0 === 0xff && (b1 & 0xe0) === 0xe0) return;
  if (head.toString('latin1', i, i + 3) === 'ID3') return;
  throw new TagWriteError('corrupt', `no MPEG frame where the audio should start (byte ${start + i})`);
}

export const mpegFormat: GenreFormat = {
  id: 'mpeg',

  async planGenres(source: ByteSource, genres: readonly string[]): Promise<FileEdit> {
    const l = await layout(source);
    const tag = l.id3v2 ?? newTag();
    const pieces: Piece[] = [bytes(serialiseId3v2(tag, withGenres(tag, genres))), copy(l.audioStart, l.audioEnd)];
    if (l.ape) pieces.push(bytes(serialiseApeTag(l.ape, genres)));
    const tailStart = l.ape?.end ?? l.audioEnd;
    const patch = l.id3v1 ? id3v1GenrePatch(l.id3v1, genres) : null;
    if (patch) {
      pieces.push(
        copy(tailStart, patch.offset),
        bytes(Uint8Array.of(patch.value)),
        copy(patch.offset + 1, source.size),
      );
    } else {
      pieces.push(copy(tailStart, source.size));
    }
    return normaliseEdit(pieces);
  },

  async digestAudio(source, sink) {
    const l = await layout(source);
    await digestRange(source, l.audioStart, l.audioEnd, sink);
  },
};
