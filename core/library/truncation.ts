import type { IFormat } from 'music-metadata';

/**
 * A file cut short after its headers: an MP3 whose Xing/Info or LAME header gives the length of
 * the whole recording (4:51) while the file holds the first 200 KB of it. The tag reader reports
 * the header's length, and the decoder plays the 12 s that are there without a word, so the
 * truncation would pass unnoticed. Checked cheaply at scan, from what the reader already has: at a
 * constant bitrate the audio takes duration × bitrate / 8 bytes, and tags only add to the size,
 * so a file clearly smaller than that is missing its end. Variable-bitrate streams are left out
 * (the reader's bitrate is one frame's, not the average, so the estimate would be unfounded).
 */
const MIN_SHORTFALL = 0.1;
/** Below this many missing bytes (a few frames) nothing is claimed. */
const MIN_MISSING_BYTES = 64 * 1024;

function clock(sec: number): string {
  const s = Math.round(sec);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Why the file is shorter than its header says, or undefined when nothing shows it. */
export function truncatedAgainstHeader(
  format: Pick<IFormat, 'container' | 'codecProfile' | 'duration' | 'bitrate'>,
  size: number,
): string | undefined {
  const { container, codecProfile, duration, bitrate } = format;
  if (container !== 'MPEG' || codecProfile !== 'CBR') return undefined;
  if (duration === undefined || bitrate === undefined || !(duration > 0) || !(bitrate > 0)) return undefined;
  const expected = (duration * bitrate) / 8;
  if (size >= expected * (1 - MIN_SHORTFALL) || expected - size < MIN_MISSING_BYTES) return undefined;
  const held = (size * 8) / bitrate;
  return `the file holds about ${clock(held)} of the ${clock(duration)} its header gives (an interrupted copy or download?)`;
}
