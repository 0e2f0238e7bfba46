import { bytes, copy, normaliseEdit, type FileEdit, type Piece } from '../edit.js';
import { TagWriteError } from '../errors.js';
import type { ByteSource } from '../io/byte-source.js';
import { readApeTag, serialiseApeTag, type ApeTag } from './apev2.js';
import { id3v1GenrePatch, readId3v1, type Id3v1Tag } from './id3v1.js';
import { digestRange } from './ranges.js';
import type { AudioSink, GenreFormat } from './types.js';

/**
 * Monkey's Audio (.ape), WavPack (.wv) and Musepack (.mpc): the native tag is APEv2 at the end of
 * the file, before an optional ID3v1 trailer. The APE tag is added when missing; an ID3v1 trailer
 * follows the same rule as in MP3 (updated when the genre has a number, never added).
 */
interface ApeFileLayout {
  readonly tailEnd: number;
  readonly ape: ApeTag | null;
  readonly id3v1: Id3v1Tag | null;
}

async function layout(source: ByteSource): Promise<ApeFileLayout> {
  const id3v1 = await readId3v1(source);
  const tailEnd = id3v1?.offset ?? source.size;
  const ape = await readApeTag(source, tailEnd);
  if (ape && ape.end !== tailEnd) throw new TagWriteError('corrupt', 'the APE tag does not end where the file ends');
  return { tailEnd, ape, id3v1 };
}

export const apeFileFormat: GenreFormat = {
  id: 'ape',

  async planGenres(source: ByteSource, genres: readonly string[]): Promise<FileEdit> {
    const l = await layout(source);
    const audioEnd = l.ape?.start ?? l.tailEnd;
    const pieces: Piece[] = [copy(0, audioEnd), bytes(serialiseApeTag(l.ape, genres))];
    const patch = l.id3v1 ? id3v1GenrePatch(l.id3v1, genres) : null;
    if (patch)
      pieces.push(
        copy(l.tailEnd, patch.offset),
        bytes(Uint8Array.of(patch.value)),
        copy(patch.offset + 1, source.size),
      );
    else pieces.push(copy(l.tailEnd, source.size));
    return normaliseEdit(pieces);
  },

  async digestAudio(source: ByteSource, sink: AudioSink): Promise<void> {
    const l = await layout(source);
    await digestRange(source, 0, l.ape?.start ?? l.tailEnd, sink);
  },
};
