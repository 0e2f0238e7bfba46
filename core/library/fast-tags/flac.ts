import type { FormatFields } from '../track-tags.js';
import { appendedTags } from './appended-tags.js';
import { bitField, bytesAt, latin1Text, notHandled, u8, u24be, type FileBytes } from './bytes.js';
import { CommonTags } from './common-tags.js';
import type { FastReading } from './fast-reading.js';
import { readVorbisComments } from './vorbis-comment.js';

const STREAMINFO = 0;
const VORBIS_COMMENT = 4;

/**
 * A native FLAC file as music-metadata's FlacParser reads it with covers skipped: the metadata
 * blocks up to the last one (STREAMINFO for the stream, VORBIS_COMMENT for the tags), the
 * bitrate from the bytes after them. Not handled: an ID3v2 prefix, ID3v1/APE/Lyrics3 tags at the
 * end, a block that does not fit in the bytes at hand, a file without STREAMINFO.
 */
export function readFlac(file: FileBytes): FastReading {
  if (latin1Text(bytesAt(file, 0, 4)) !== 'fLaC') notHandled();
  const tail = appendedTags(file);
  if (tail.id3v1At !== undefined || tail.other) notHandled();
  const tags = new CommonTags();
  let format: FormatFields | undefined;
  let at = 4;
  for (;;) {
    const header = bytesAt(file, at, 4);
    const last = (u8(header, 0) & 0x80) !== 0;
    const type = u8(header, 0) & 0x7f;
    const length = u24be(header, 1);
    at += 4;
    if (type === STREAMINFO) {
      if (length !== 34 || format) notHandled();
      format = streamInfo(bytesAt(file, at, 34));
    } else if (type === VORBIS_COMMENT) {
      readVorbisComments(bytesAt(file, at, length), 0, tags);
    } else if (at + length > file.size) {
      notHandled();
    }
    at += length;
    if (last) break;
  }
  if (!format) return notHandled();
  const bitrate = format.duration ? (8 * (file.size - at)) / format.duration : undefined;
  return { format: { ...format, bitrate }, common: tags.fields(), genreStyle: tags.genreStyle };
}

/** METADATA_BLOCK_STREAMINFO, with FlacToken's field arithmetic. */
function streamInfo(block: Uint8Array): FormatFields {
  const sampleRate = u24be(block, 10) >> 4;
  const channels = bitField(block, 12, 4, 3) + 1;
  const totalSamples = bitField(block, 13, 4, 36);
  return {
    container: 'FLAC',
    codec: 'FLAC',
    sampleRate,
    numberOfChannels: channels,
    duration: totalSamples > 0 ? totalSamples / sampleRate : undefined,
  };
}
