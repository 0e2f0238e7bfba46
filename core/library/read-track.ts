import {
  CouldNotDetermineFileTypeError,
  UnsupportedFileTypeError,
  type IAudioMetadata,
  type IOptions,
} from 'music-metadata';
import { EndOfStreamError } from 'strtok3';
import {
  asyncFileIo,
  CachedFileTokenizer,
  HEAD_BYTES,
  readFully,
  TAIL_BYTES,
  type FileIo,
} from './cached-file-tokenizer.js';
import { NeedBytes, type FileBytes } from './fast-tags/bytes.js';
import type { FastReading } from './fast-tags/fast-reading.js';
import { readFast, type FastRead } from './fast-tags/read-fast.js';
import { contentFingerprint } from './fingerprint.js';
import { genreTagStyle } from './genre-values.js';
import { sharedMapperParse, type MetadataParse } from './metadata-parse.js';
import { oggDuration } from './ogg-duration.js';
import { truncatedAgainstHeader } from './truncation.js';
import { describeIoError, type ScanErrorKind } from './scan-error-kind.js';
import { parseMime, sniffAudio } from './sniff-format.js';
import { extraBytes, ScratchPool, type ScratchBuffers } from './scratch-buffers.js';
import { toTrackTags, type TrackTags } from './track-tags.js';

export type TrackReadResult =
  | { readonly ok: true; readonly tags: TrackTags; readonly fingerprint: string; readonly reads: number }
  | { readonly ok: false; readonly kind: ScanErrorKind; readonly message: string };

/**
 * A fresh object per parse: music-metadata writes into its options (`apeHeader`, found while
 * probing the end of the file), so one shared object leaks one file's APE/ID3v1 position into
 * another file parsed at the same time.
 */
const parseOptions = (): IOptions => ({ skipCovers: true, duration: false });

/** Head and tail buffers shared by the reads of this thread. */
const scratchPool = new ScratchPool(HEAD_BYTES, TAIL_BYTES);

/**
 * Reads one file's stream properties, tags and content fingerprint with a handful of reads
 * (see CachedFileTokenizer). Never throws for problems with the file itself: those come back
 * as a typed error result so the scan records them and goes on. `parse` is music-metadata's
 * parse: by default with one shared tag mapper (metadata-parse.ts).
 */
export async function readTrack(
  path: string,
  size: number,
  extension: string,
  io: FileIo = asyncFileIo,
  parse: MetadataParse = sharedMapperParse,
  fast: FastRead | null = readFast,
): Promise<TrackReadResult> {
  if (size === 0) return { ok: false, kind: 'empty', message: 'empty file (0 bytes)' };
  let fd: number;
  try {
    fd = await io.open(path);
  } catch (err) {
    return { ok: false, ...describeIoError(err) };
  }
  const scratch = scratchPool.take();
  try {
    return await readOpenTrack(io, fd, size, extension, { parse, fast }, scratch);
  } finally {
    await io.close(fd).catch(() => undefined);
    scratchPool.give(scratch);
  }
}

/** Only the content fingerprint: what matching a moved file needs, without parsing it. */
export async function fingerprintFile(
  path: string,
  size: number,
  io: FileIo = asyncFileIo,
): Promise<string | undefined> {
  let fd: number;
  try {
    fd = await io.open(path);
  } catch {
    return undefined;
  }
  const scratch = scratchPool.take();
  try {
    const tokenizer = await CachedFileTokenizer.open(io, fd, size, {}, scratch);
    return contentFingerprint(tokenizer.fileInfo.size, tokenizer.head, tokenizer.tail);
  } catch {
    return undefined;
  } finally {
    await io.close(fd).catch(() => undefined);
    scratchPool.give(scratch);
  }
}

async function readOpenTrack(
  io: FileIo,
  fd: number,
  size: number,
  extension: string,
  readers: { readonly parse: MetadataParse; readonly fast: FastRead | null },
  scratch: ScratchBuffers,
): Promise<TrackReadResult> {
  let tokenizer: CachedFileTokenizer;
  try {
    tokenizer = await CachedFileTokenizer.open(io, fd, size, {}, scratch);
  } catch (err) {
    return { ok: false, ...describeIoError(err) };
  }
  const sniffed = sniffAudio(tokenizer.head);
  // Unknown: no mime and no path, so music-metadata guesses from the content; if it cannot, the
  // file is not audio.
  const mime = parseMime(sniffed, extension);
  const fast = readers.fast ? await readFastTags(readers.fast, tokenizer, mime, io, fd, scratch) : undefined;
  // A header that says the file is cut short: music-metadata's reading decides, as for any problem.
  if (fast && truncatedAgainstHeader(fast.format, tokenizer.fileInfo.size) === undefined) {
    return readResult(toTrackTags(fast.format, fast.common, fast.genreStyle), tokenizer);
  }
  if (mime !== undefined) tokenizer.fileInfo.mimeType = mime;
  let metadata: IAudioMetadata;
  try {
    metadata = await readers.parse(tokenizer, parseOptions());
  } catch (err) {
    return classifyParseError(err, sniffed.kind === 'unknown', tokenizer.overranEnd);
  }
  if (sniffed.kind === 'unknown' && !hasAudioStream(metadata)) {
    return { ok: false, kind: 'not-audio', message: 'no audio container or stream recognised in the file' };
  }
  if (!hasAudioStream(metadata)) {
    return {
      ok: false,
      kind: tokenizer.overranEnd ? 'truncated' : 'corrupt',
      message: `${describeContainer(sniffed)} holds no audio stream the reader understands`,
    };
  }
  if (tokenizer.overranEnd && metadataIncomplete(metadata)) {
    return {
      ok: false,
      kind: 'truncated',
      message: 'the file ends inside its own headers (an interrupted copy or download?)',
    };
  }
  const cut = truncatedAgainstHeader(metadata.format, tokenizer.fileInfo.size);
  if (cut !== undefined) return { ok: false, kind: 'truncated', message: cut };
  return readResult(toTrackTags(metadata.format, metadata.common, genreTagStyle(metadata)), tokenizer);
}

function readResult(tags: TrackTags, tokenizer: CachedFileTokenizer): TrackReadResult {
  return {
    ok: true,
    tags: withOggDuration(tags, tokenizer),
    fingerprint: contentFingerprint(tokenizer.fileInfo.size, tokenizer.head, tokenizer.tail),
    reads: tokenizer.counters.reads,
  };
}

/** A fast reader's request for bytes between head and tail is read with this much at least… */
const EXTRA_BYTES = 256 * 1024;
/** …and this much past what it asked for (an MP3's first frames after a large ID3 tag). */
const EXTRA_MARGIN = 64 * 1024;
/** Requests larger than this (a cover of several megabytes) are left to music-metadata. */
const MAX_EXTRA_BYTES = 16 * 1024 * 1024;

/**
 * The fast readers' answer for a file parsed as `mime`, with one more read when a reader asks
 * for bytes between head and tail (an Ogg file's first pages, an ID3 tag or MP4 atom holding a
 * large cover). Undefined: music-metadata reads the file.
 */
export async function readFastTags(
  fast: FastRead,
  tokenizer: CachedFileTokenizer,
  mime: string | undefined,
  io: FileIo,
  fd: number,
  scratch?: ScratchBuffers,
): Promise<FastReading | undefined> {
  const file: FileBytes = { head: tokenizer.head, tail: tokenizer.tail, size: tokenizer.fileInfo.size };
  const first = fast(file, mime);
  if (!(first instanceof NeedBytes)) return first;
  if (first.length > MAX_EXTRA_BYTES) return undefined;
  const length = Math.min(file.size - first.position, Math.max(EXTRA_BYTES, first.length + EXTRA_MARGIN));
  const bytes = scratch ? extraBytes(scratch, length) : new Uint8Array(length);
  try {
    if ((await readFully(io, fd, bytes, 0, length, first.position, tokenizer.counters)) < length) return undefined;
  } catch {
    return undefined; // music-metadata's reading reports it
  }
  const second = fast({ ...file, extra: { start: first.position, bytes } }, mime);
  return second instanceof NeedBytes ? undefined : second;
}

/** music-metadata leaves long Ogg files without duration unless it reads every page; the tail has it. */
function withOggDuration(tags: TrackTags, tokenizer: CachedFileTokenizer): TrackTags {
  if (tags.container !== 'Ogg' || tags.durationSec !== null) return tags;
  const end = tokenizer.tail.length > 0 ? tokenizer.tail : tokenizer.head;
  const durationSec = oggDuration(tokenizer.head, end, tags.codec ?? undefined, tags.sampleRate ?? undefined);
  if (durationSec === undefined) return tags;
  const bitrate = tags.bitrate ?? Math.round((8 * tokenizer.fileInfo.size) / durationSec);
  return { ...tags, durationSec, bitrate };
}

function describeContainer(sniffed: ReturnType<typeof sniffAudio>): string {
  return sniffed.kind === 'container' ? `the ${sniffed.mime} container` : 'the file';
}

function hasAudioStream(metadata: IAudioMetadata): boolean {
  const f = metadata.format;
  if (f.hasAudio === false) return false;
  return f.codec !== undefined || f.container !== undefined || f.duration !== undefined;
}

/**
 * A parser that ran into the end of the file returned what it had. Running out in the audio
 * data is normal for some readers (an MPEG scan stops at EOF), so only count it as truncation
 * when the result is missing what any complete file of the format yields: a duration or bitrate.
 */
function metadataIncomplete(metadata: IAudioMetadata): boolean {
  const f = metadata.format;
  return f.duration === undefined || f.bitrate === undefined || f.bitrate === 0;
}

function classifyParseError(err: unknown, unknownContainer: boolean, overran: boolean): TrackReadResult {
  if (err instanceof CouldNotDetermineFileTypeError || err instanceof UnsupportedFileTypeError || unknownContainer) {
    return { ok: false, kind: 'not-audio', message: 'no audio container or stream recognised in the file' };
  }
  if (err instanceof EndOfStreamError || overran) {
    return {
      ok: false,
      kind: 'truncated',
      message: 'the file ends inside its own headers (an interrupted copy or download?)',
    };
  }
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code !== undefined) return { ok: false, ...describeIoError(err) };
  const message = err instanceof Error ? err.message : String(err);
  return { ok: false, kind: 'corrupt', message: `unreadable audio structure: ${message}` };
}
