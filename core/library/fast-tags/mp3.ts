import type { FormatFields } from '../track-tags.js';
import { appendedTags } from './appended-tags.js';
import { notHandled, type FileBytes } from './bytes.js';
import { CommonTags } from './common-tags.js';
import type { FastReading } from './fast-reading.js';
import { readId3v1 } from './id3v1.js';
import { readId3v2 } from './id3v2.js';
import { walkMpeg, type MpegStream } from './mpeg-frames.js';

/**
 * An MP3 (MPEG audio, optionally after an ID3v2.3/2.4 tag and before an ID3v1 tag) as
 * music-metadata's MpegParser reads it with `duration: false`: tags, the first frames, then its
 * finalize step's bitrate (VBR) or duration (CBR) from the file size. Not handled: APE or
 * Lyrics3 tags, no frame found, and whatever the parts leave to music-metadata.
 */
export function readMp3(file: FileBytes): FastReading {
  const appended = appendedTags(file);
  if (appended.other) notHandled();
  const tags = new CommonTags();
  const start = readId3v2(file, tags);
  const stream = walkMpeg(file, start);
  const hasId3v1 = appended.id3v1At !== undefined && readId3v1(file, appended.id3v1At, tags);
  if (stream.codec === undefined) notHandled();
  return { format: finalize(stream, file.size, hasId3v1), common: tags.fields(), genreStyle: tags.genreStyle };
}

/** MpegParser.finalize. */
function finalize(stream: MpegStream, size: number, hasId3v1: boolean): FormatFields {
  let { duration, bitrate } = stream;
  const { codecProfile, mpegOffset, sampleRate } = stream;
  if (mpegOffset !== null) {
    const mpegSize = size - mpegOffset - (hasId3v1 ? 128 : 0);
    if (duration && size && codecProfile && codecProfile[0] === 'V') bitrate = (mpegSize * 8) / duration;
    if (size && codecProfile === 'CBR' && stream.samplesPerFrame !== null) {
      const samples = Math.round(mpegSize / stream.frameSize) * stream.samplesPerFrame;
      if (sampleRate && !duration) duration = samples / sampleRate;
    }
  }
  return {
    container: stream.container,
    codec: stream.codec,
    codecProfile,
    sampleRate,
    numberOfChannels: stream.numberOfChannels,
    bitrate,
    duration,
  };
}
