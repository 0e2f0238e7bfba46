import { bytes, copy, normaliseEdit, type FileEdit, type Piece } from '../edit.js';
import { TagWriteError } from '../errors.js';
import type { ByteSource } from '../io/byte-source.js';
import { id3v2SizeAt } from './id3v2.js';
import { digestRange } from './ranges.js';
import type { GenreFormat } from './types.js';
import { emptyVorbisComment, parseVorbisComment, serialiseVorbisComment, withGenreFields } from './vorbis-comment.js';

/**
 * FLAC: "fLaC", metadata blocks, frames (an ID3v2 tag in front is tolerated and kept).
 * The genres go into the VORBIS_COMMENT block. Padding keeps its meaning: when the file has a
 * PADDING block, the comment grows into it or gives bytes back to it, so the frames stay where
 * they are; when the padding cannot absorb the change the file grows and the padding keeps its
 * size; a file without padding gets none. A comment block we add is placed before the padding.
 */
const BLOCK_PADDING = 1;
const BLOCK_VORBIS_COMMENT = 4;
const MAX_BLOCK_LENGTH = 0xffffff;
/** Vendor string of a comment block we create (removed again when it ends up empty). */
export const GENREWISE_VENDOR = 'Genrewise';

interface Block {
  readonly type: number;
  /** Offset of the block's 4-byte header. */
  readonly start: number;
  readonly length: number;
}

interface FlacLayout {
  /** Offset just after "fLaC". */
  readonly blocksStart: number;
  readonly blocks: readonly Block[];
  readonly audioStart: number;
}

async function layout(source: ByteSource): Promise<FlacLayout> {
  const id3 = await id3v2SizeAt(source, 0);
  const magic = await source.read(id3, 4);
  if (magic.toString('latin1') !== 'fLaC') throw new TagWriteError('corrupt', 'no "fLaC" signature');
  const blocks: Block[] = [];
  let pos = id3 + 4;
  for (;;) {
    const header = await source.read(pos, 4);
    const type = (header[0] as number) & 0x7f;
    const length = header.readUIntBE(1, 3);
    if (type === 127) throw new TagWriteError('corrupt', 'invalid FLAC metadata block type 127');
    if (pos + 4 + length > source.size)
      throw new TagWriteError('corrupt', 'a FLAC metadata block runs past the end of the file');
    blocks.push({ type, start: pos, length });
    pos += 4 + length;
    if (((header[0] as number) & 0x80) !== 0) break;
  }
  if (blocks[0]?.type !== 0) throw new TagWriteError('corrupt', 'the first FLAC metadata block is not STREAMINFO');
  if (blocks.filter((b) => b.type === BLOCK_VORBIS_COMMENT).length > 1) {
    throw new TagWriteError(
      'unsupported',
      'the file has more than one VORBIS_COMMENT block (invalid FLAC); not written',
    );
  }
  const sync = await source.readAvailable(pos, 2);
  if (sync.length > 0 && !(sync[0] === 0xff && ((sync[1] ?? 0) & 0xfe) === 0xf8)) {
    throw new TagWriteError('corrupt', 'no FLAC frame after the metadata blocks');
  }
  return { blocksStart: id3 + 4, blocks, audioStart: pos };
}

type PlannedBlock =
  | { readonly type: number; readonly from: Block }
  | { readonly type: number; readonly data: Uint8Array }
  | { readonly type: typeof BLOCK_PADDING; readonly paddingLength: number };

function plannedLength(block: PlannedBlock): number {
  if ('from' in block) return block.from.length;
  if ('data' in block) return block.data.length;
  return block.paddingLength;
}

export const flacFormat: GenreFormat = {
  id: 'flac',

  async planGenres(source: ByteSource, genres: readonly string[]): Promise<FileEdit> {
    const l = await layout(source);
    const oldComment = l.blocks.find((b) => b.type === BLOCK_VORBIS_COMMENT);
    const comment = oldComment
      ? parseVorbisComment(await source.read(oldComment.start + 4, oldComment.length))
      : emptyVorbisComment(GENREWISE_VENDOR);
    const updated = withGenreFields(comment, genres);
    const ours = Buffer.from(updated.vendor).toString('utf8') === GENREWISE_VENDOR;
    const dropComment = updated.fields.length === 0 && ours;
    const newData = serialiseVorbisComment(updated);
    if (newData.length > MAX_BLOCK_LENGTH)
      throw new TagWriteError('unsupported', 'the Vorbis comment would exceed the 16 MiB FLAC block limit');

    const planned: PlannedBlock[] = l.blocks.map((b) =>
      b === oldComment ? { type: b.type, data: newData } : { type: b.type, from: b },
    );
    if (dropComment) {
      const index = planned.findIndex((b) => b.type === BLOCK_VORBIS_COMMENT);
      if (index >= 0) planned.splice(index, 1);
    } else if (!oldComment) {
      const firstPadding = planned.findIndex((b) => b.type === BLOCK_PADDING);
      planned.splice(firstPadding < 0 ? planned.length : firstPadding, 0, {
        type: BLOCK_VORBIS_COMMENT,
        data: newData,
      });
    }

    // Let the last padding block absorb the change so the frames keep their offset.
    const oldTotal = l.blocks.reduce((s, b) => s + 4 + b.length, 0);
    const newTotal = planned.reduce((s, b) => s + 4 + plannedLength(b), 0);
    const delta = newTotal - oldTotal;
    const paddingIndex = planned.map((b) => b.type).lastIndexOf(BLOCK_PADDING);
    if (delta !== 0 && paddingIndex >= 0) {
      const padding = plannedLength(planned[paddingIndex] as PlannedBlock);
      if (padding - delta >= 0) {
        planned[paddingIndex] = { type: BLOCK_PADDING, paddingLength: padding - delta };
      } else if (padding + 4 === delta) {
        planned.splice(paddingIndex, 1);
      }
    }

    const pieces: Piece[] = [copy(0, l.blocksStart)];
    planned.forEach((block, i) => {
      const length = plannedLength(block);
      const header = Buffer.alloc(4);
      header[0] = (i === planned.length - 1 ? 0x80 : 0) | block.type;
      header.writeUIntBE(length, 1, 3);
      pieces.push(bytes(header));
      if ('from' in block) pieces.push(copy(block.from.start + 4, block.from.start + 4 + length));
      else if ('data' in block) pieces.push(bytes(block.data));
      else pieces.push(bytes(new Uint8Array(length)));
    });
    pieces.push(copy(l.audioStart, source.size));
    return normaliseEdit(pieces);
  },

  async digestAudio(source, sink) {
    const l = await layout(source);
    // STREAMINFO describes the stream (sample rate, MD5 of the audio): it must not change either.
    const streamInfo = l.blocks[0] as Block;
    await digestRange(source, streamInfo.start + 4, streamInfo.start + 4 + streamInfo.length, sink);
    await digestRange(source, l.audioStart, source.size, sink);
  },
};
