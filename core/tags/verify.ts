import { createHash } from 'node:crypto';
import { parseBuffer, parseFromTokenizer, type IAudioMetadata } from 'music-metadata';
import { fromFile } from 'strtok3';
import { mimeForExtension, sniffAudio } from '../library/sniff-format.js';
import { TagWriteError } from './errors.js';

/**
 * What an independent reader (music-metadata, not our writers' own parsers) sees in a file:
 * the genres, every other tag, the cover art and the stream format. Taken of the original and of
 * the new version, it proves the genres are exactly the intended ones and nothing else changed.
 * The file is opened the way the library scanner opens it (container sniffed from the content,
 * the extension only as a fallback), so what we verify is what the next scan will read.
 */
export interface TagSnapshot {
  readonly genres: readonly string[];
  /** Canonical JSON of everything but the genre: common tags, native tags, pictures, format. */
  readonly rest: string;
  readonly metadata: IAudioMetadata;
}

/** Enough of the head for the container sniffer to look past a typical ID3v2 tag. */
const HEAD_BYTES = 64 * 1024;

/** Native tag ids that carry the genre in some format (compared separately, so excluded here). */
const GENRE_IDS = new Set(['tcon', 'tco', 'genre', '©gen', 'gnre', 'wm/genre', 'wm/genreid', 'ignr']);

/** Stable JSON: sorted keys, byte arrays as their SHA-256, dates as ISO strings. */
function canonical(value: unknown): unknown {
  if (value instanceof Uint8Array)
    return { sha256: createHash('sha256').update(value).digest('hex'), length: value.length };
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = canonical((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

function restOf(metadata: IAudioMetadata): string {
  const { genre: _genre, ...common } = metadata.common;
  const native: Record<string, unknown> = {};
  for (const [type, tags] of Object.entries(metadata.native)) {
    const kept = tags.filter((t) => !GENRE_IDS.has(t.id.toLowerCase()));
    if (kept.length > 0) native[type] = kept;
  }
  const f = metadata.format;
  const format = {
    container: f.container,
    codec: f.codec,
    sampleRate: f.sampleRate,
    numberOfChannels: f.numberOfChannels,
    bitsPerSample: f.bitsPerSample,
    lossless: f.lossless,
  };
  return JSON.stringify(canonical({ common, native, format }));
}

/**
 * Reads `path` with music-metadata. `extension` (lower case, no dot) is the original file's,
 * used only when the content does not name its container (an ID3 tag longer than the sniffed head).
 */
export async function readSnapshot(path: string, extension: string): Promise<TagSnapshot> {
  const tokenizer = await fromFile(path);
  try {
    const head = new Uint8Array(Math.min(tokenizer.fileInfo.size, HEAD_BYTES));
    await tokenizer.peekBuffer(head, { position: 0 });
    tokenizer.fileInfo.mimeType = mimeFor(head, extension);
    return snapshotOf(await parsed(path, () => parseFromTokenizer(tokenizer, PARSE_OPTIONS)));
  } finally {
    await tokenizer.close();
  }
}

/** The same, of a file already in memory. */
export async function readSnapshotOfBytes(path: string, bytes: Uint8Array, extension: string): Promise<TagSnapshot> {
  const mimeType = mimeFor(bytes.subarray(0, HEAD_BYTES), extension);
  return snapshotOf(await parsed(path, () => parseBuffer(bytes, { mimeType, size: bytes.length }, PARSE_OPTIONS)));
}

const PARSE_OPTIONS = { duration: false, skipCovers: false } as const;

function mimeFor(head: Uint8Array, extension: string): string {
  const sniffed = sniffAudio(head);
  return sniffed.kind === 'container' ? sniffed.mime : (mimeForExtension(extension) ?? 'audio/mpeg');
}

async function parsed(path: string, parse: () => Promise<IAudioMetadata>): Promise<IAudioMetadata> {
  try {
    return await parse();
  } catch (err) {
    throw new TagWriteError('verify-failed', `${path}: the reader cannot parse the file: ${(err as Error).message}`, {
      cause: err,
    });
  }
}

function snapshotOf(metadata: IAudioMetadata): TagSnapshot {
  return { genres: metadata.common.genre ?? [], rest: restOf(metadata), metadata };
}

export function sameGenres(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((g, i) => g === b[i]);
}

/** Throws unless `after` holds exactly `genres` and everything else as in `before`. */
export function checkSnapshot(before: TagSnapshot, after: TagSnapshot, genres: readonly string[]): void {
  if (!sameGenres(after.genres, genres)) {
    throw new TagWriteError(
      'verify-failed',
      `the reader sees genres ${JSON.stringify(after.genres)} instead of ${JSON.stringify(genres)} in the new version`,
    );
  }
  if (after.rest !== before.rest) {
    throw new TagWriteError(
      'verify-failed',
      `other tags, cover art or the stream format read differently after the write: ${firstDifference(before.rest, after.rest)}`,
    );
  }
}

function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - 60);
  return `before …${a.slice(from, i + 60)}… after …${b.slice(from, i + 60)}…`;
}
