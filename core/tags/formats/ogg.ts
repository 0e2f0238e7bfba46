import { bytes, copy, normaliseEdit, type FileEdit, type Piece } from '../edit.js';
import { TagWriteError } from '../errors.js';
import type { ByteSource } from '../io/byte-source.js';
import { FLAG_BOS, FLAG_EOS, pageBatches, paginate, renumberPage, type OggPage } from './ogg-page.js';
import type { AudioSink, GenreFormat } from './types.js';
import { parseVorbisComment, serialiseVorbisComment, withGenreFields } from './vorbis-comment.js';

/**
 * Ogg Vorbis and Ogg Opus. The genres go into the comment header packet (the second packet of
 * the stream). The header packets after the first page are laid out on pages again; when their
 * page count is unchanged, the audio pages are copied as they are, otherwise every later page of
 * the stream gets its sequence number shifted and its CRC recomputed in one streaming pass
 * (a few ms per MB).
 * For the record, node-taglib-sharp's slow Ogg saves (seconds, "Rock→Blues 17.9 s, Rock→Pop
 * 88 ms") come from its File.insert (6.0.3, dist/file.js): when new data is longer than what it
 * replaces, it shifts the rest of the file through a buffer of min(growth, 1 MiB) bytes, with a
 * synchronous seek+read+seek+write per buffer. A comment 1 byte longer ("Blues" for "Rock") moves
 * the whole file one byte per four system calls; shrinking takes another, fast path. Measured here
 * with a CPU profile: 96 % of a 3.8 s save of a 640 kB Ogg in File.insert's readSync/writeSync.
 * Ogg shows it because Ogg has no padding; any format whose tag grows without padding would.
 * Multiplexed streams (audio with video) and Ogg FLAC/Speex are refused.
 */
type Codec = 'vorbis' | 'opus';

interface HeaderLayout {
  readonly codec: Codec;
  readonly serial: number;
  /** Where the second page starts (the first holds only the identification header). */
  readonly secondPageOffset: number;
  readonly secondPageSequence: number;
  /** One past the page on which the last header packet ends. */
  readonly headerEnd: number;
  readonly headerPageCount: number;
  /** Header packets in order: identification, comment, [setup]. */
  readonly packets: readonly Uint8Array[];
  /** Indices of header packets after the first that ended a page of the original file. */
  readonly pageEnds: ReadonlySet<number>;
}

const VORBIS_COMMENT_PREFIX = Buffer.from('\x03vorbis', 'latin1');
const OPUS_TAGS_PREFIX = Buffer.from('OpusTags', 'latin1');

function codecOf(identification: Uint8Array): Codec {
  const head = Buffer.from(
    identification.buffer,
    identification.byteOffset,
    Math.min(8, identification.length),
  ).toString('latin1');
  if (head.startsWith('\x01vorbis')) return 'vorbis';
  if (head === 'OpusHead') return 'opus';
  if (head.startsWith('\x7fFLAC')) throw new TagWriteError('unsupported', 'Ogg FLAC files are not written');
  if (head.startsWith('Speex')) throw new TagWriteError('unsupported', 'Ogg Speex files are not written');
  throw new TagWriteError('unsupported', 'the Ogg stream is neither Vorbis nor Opus');
}

async function* pages(source: ByteSource, start: number): AsyncGenerator<OggPage> {
  for await (const batch of pageBatches(source, start)) yield* batch;
}

async function readHeaders(source: ByteSource): Promise<HeaderLayout> {
  const packets: Uint8Array[] = [];
  let partial: Uint8Array[] = [];
  let codec: Codec | undefined;
  let serial = 0;
  let secondPageOffset = 0;
  let secondPageSequence = 0;
  let pageIndex = 0;
  const pageEnds = new Set<number>();
  for await (const page of pages(source, 0)) {
    if (pageIndex === 0) {
      if ((page.flags & FLAG_BOS) === 0)
        throw new TagWriteError('corrupt', 'the first Ogg page does not begin a stream');
      serial = page.serial;
    } else if (page.serial !== serial) {
      throw new TagWriteError(
        'unsupported',
        'the Ogg file multiplexes several streams (audio with video?); not written',
      );
    }
    if (pageIndex === 1) {
      secondPageOffset = page.offset;
      secondPageSequence = page.sequence;
    }
    let bodyPos = page.headerSize;
    for (const lacing of page.segments) {
      partial.push(page.bytes.subarray(bodyPos, bodyPos + lacing));
      bodyPos += lacing;
      if (lacing < 255) {
        packets.push(Buffer.concat(partial));
        partial = [];
        if (packets.length === 1) codec = codecOf(packets[0] as Uint8Array);
      }
    }
    if (pageIndex === 0 && (packets.length !== 1 || partial.length > 0)) {
      throw new TagWriteError('corrupt', 'the first Ogg page must hold exactly the identification header');
    }
    if (pageIndex > 0 && partial.length === 0 && page.segments.length > 0) pageEnds.add(packets.length - 1);
    pageIndex++;
    const needed = codec === 'opus' ? 2 : 3;
    if (packets.length >= needed) {
      if (packets.length > needed || partial.length > 0) {
        throw new TagWriteError('corrupt', 'audio data shares a page with the Ogg header packets');
      }
      return {
        codec: codec as Codec,
        serial,
        secondPageOffset,
        secondPageSequence,
        headerEnd: page.offset + page.bytes.length,
        headerPageCount: pageIndex,
        packets,
        pageEnds,
      };
    }
    if ((page.flags & FLAG_EOS) !== 0) break;
  }
  throw new TagWriteError('corrupt', 'the Ogg stream ends before its header packets');
}

function commentPrefix(codec: Codec): Buffer {
  return codec === 'vorbis' ? VORBIS_COMMENT_PREFIX : OPUS_TAGS_PREFIX;
}

function newCommentPacket(layout: HeaderLayout, genres: readonly string[]): Uint8Array {
  const packet = layout.packets[1] as Uint8Array;
  const prefix = commentPrefix(layout.codec);
  if (!Buffer.from(packet.buffer, packet.byteOffset, Math.min(packet.length, prefix.length)).equals(prefix)) {
    throw new TagWriteError('corrupt', 'the second Ogg packet is not a comment header');
  }
  const comment = parseVorbisComment(packet.subarray(prefix.length));
  if (layout.codec === 'vorbis' && (comment.trailing.length === 0 || ((comment.trailing[0] as number) & 1) === 0)) {
    throw new TagWriteError('corrupt', 'the Vorbis comment header lacks its framing bit');
  }
  return Buffer.concat([prefix, serialiseVorbisComment(withGenreFields(comment, genres))]);
}

/** Later pages of the stream with their sequence numbers shifted by `shift`, CRCs recomputed. */
function renumbered(start: number, end: number, serial: number, shift: number): Piece {
  return {
    kind: 'rewrite',
    start,
    end,
    async *produce(source: ByteSource) {
      let streamEnded = false;
      for await (const batch of pageBatches(source, start, end)) {
        const first = batch[0] as OggPage;
        const last = batch[batch.length - 1] as OggPage;
        // One copy per window, patched in place: the pages are contiguous in it.
        const copy = Buffer.from(
          Buffer.from(first.bytes.buffer, first.bytes.byteOffset, last.offset + last.bytes.length - first.offset),
        );
        for (const page of batch) {
          if (streamEnded || page.serial !== serial) continue;
          const at = page.offset - first.offset;
          renumberPage(copy.subarray(at, at + page.bytes.length), page.sequence + shift);
          if ((page.flags & FLAG_EOS) !== 0) streamEnded = true;
        }
        yield copy;
      }
    },
  };
}

export const oggFormat: GenreFormat = {
  id: 'ogg',

  async planGenres(source: ByteSource, genres: readonly string[]): Promise<FileEdit> {
    const layout = await readHeaders(source);
    const packets = [newCommentPacket(layout, genres), ...layout.packets.slice(2)];
    // The original's page breaks between header packets are kept (paginate counts from the comment).
    const flushAfter = new Set([...layout.pageEnds].map((i) => i - 1));
    const pages = paginate(packets, layout.serial, layout.secondPageSequence, flushAfter);
    const shift = pages.length - (layout.headerPageCount - 1);
    const tail: Piece =
      shift === 0
        ? copy(layout.headerEnd, source.size)
        : renumbered(layout.headerEnd, source.size, layout.serial, shift);
    return normaliseEdit([copy(0, layout.secondPageOffset), ...pages.map((p) => bytes(p)), tail]);
  },

  async digestAudio(source: ByteSource, sink: AudioSink): Promise<void> {
    const layout = await readHeaders(source);
    // Identification and setup headers configure the decoder: they must survive byte for byte.
    layout.packets.forEach((packet, i) => {
      if (i !== 1) sink(packet);
    });
    for await (const batch of pageBatches(source, layout.headerEnd)) {
      for (const page of batch) {
        // Everything but the sequence number and CRC (bytes 18–25), which may legitimately change.
        sink(page.bytes.subarray(4, 18));
        sink(page.bytes.subarray(26));
      }
    }
  },
};
