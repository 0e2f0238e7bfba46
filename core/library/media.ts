import { constants } from 'node:fs';
import { open, realpath, type FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { extname, relative, isAbsolute } from 'node:path';

export class MediaAccessError extends Error {
  override name = 'MediaAccessError';
  constructor(
    message: string,
    readonly status: 403 | 404 | 416 | 503,
  ) {
    super(message);
  }
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.mp3': 'audio/mpeg',
  '.flac': 'audio/flac',
  '.ogg': 'audio/ogg',
  '.oga': 'audio/ogg',
  '.opus': 'audio/ogg; codecs=opus',
  '.m4a': 'audio/mp4',
  '.mp4': 'audio/mp4',
  '.aac': 'audio/aac',
  '.wav': 'audio/wav',
  '.aif': 'audio/aiff',
  '.aiff': 'audio/aiff',
  '.wma': 'audio/x-ms-wma',
  '.ape': 'audio/x-ape',
  '.wv': 'audio/x-wavpack',
  '.mpc': 'audio/x-musepack',
};

export function contentTypeFor(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

function isInside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/**
 * Resolves a library file for streaming, following symlinks first: a file is served only when its
 * real location lies inside the real location of one of the library roots, so neither `..` nor a
 * symlink pointing out of a root can expose anything else on the disk.
 */
export async function resolveMediaPath(path: string, roots: readonly string[]): Promise<string> {
  let real: string;
  try {
    real = await realpath(path);
  } catch {
    throw new MediaAccessError('file not found', 404);
  }
  for (const root of roots) {
    let realRoot: string;
    try {
      realRoot = await realpath(root);
    } catch {
      continue;
    }
    if (isInside(realRoot, real)) return real;
  }
  throw new MediaAccessError('file is outside the library folders', 403);
}

export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/** Parses a single `bytes=` range (the only kind audio players send); undefined = whole file. */
export function parseRange(header: string | undefined, size: number): ByteRange | undefined {
  if (!header) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) throw new MediaAccessError('malformed range', 416);
  const [, startText = '', endText = ''] = match;
  let start: number;
  let end: number;
  if (startText === '') {
    const suffix = Number(endText);
    if (!suffix) throw new MediaAccessError('empty range', 416);
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(startText);
    end = endText === '' ? size - 1 : Math.min(Number(endText), size - 1);
  }
  if (start > end || start >= size) throw new MediaAccessError('range not satisfiable', 416);
  return { start, end };
}

export interface MediaResponse {
  readonly status: 200 | 206;
  readonly headers: Record<string, string>;
  /** Owns the open file: it closes when the stream ends or is destroyed (destroy it for HEAD). */
  readonly body: Readable;
}

/** How long opening a library file may take before the request gets 503 (a hung network share). */
export const MEDIA_OPEN_TIMEOUT_MS = 5_000;

/** Non-blocking: opening a FIFO put in a track's place returns at once instead of waiting for a writer. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

function openFailure(err: unknown): MediaAccessError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return new MediaAccessError('file not readable', 403);
  return new MediaAccessError('file not found', 404);
}

/**
 * Opens a file for streaming, bounded in time, and keeps it only when it is a regular file: a
 * folder, FIFO, socket or device in a track's place is refused, checked on the open handle so it
 * cannot be swapped in between the check and the read.
 */
export async function openRegularFile(
  path: string,
  timeoutMs = MEDIA_OPEN_TIMEOUT_MS,
): Promise<{ handle: FileHandle; size: number }> {
  const opening = open(path, OPEN_FLAGS);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new MediaAccessError('the file did not open in time', 503)), timeoutMs);
  });
  let handle: FileHandle;
  try {
    handle = await Promise.race([opening, timeout]);
  } catch (err) {
    // A late open must not leak its descriptor.
    opening
      .then(
        (late) => late.close(),
        () => undefined,
      )
      .catch(() => undefined);
    throw err instanceof MediaAccessError ? err : openFailure(err);
  } finally {
    clearTimeout(timer);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new MediaAccessError('not a regular file', 404);
    return { handle, size: info.size };
  } catch (err) {
    await handle.close();
    throw err instanceof MediaAccessError ? err : openFailure(err);
  }
}

export async function openMedia(realPath: string, rangeHeader: string | undefined): Promise<MediaResponse> {
  const { handle, size } = await openRegularFile(realPath);
  let range: ByteRange | undefined;
  try {
    range = parseRange(rangeHeader, size);
  } catch (err) {
    await handle.close();
    throw err;
  }
  const base = { 'Content-Type': contentTypeFor(realPath), 'Accept-Ranges': 'bytes', 'Cache-Control': 'no-store' };
  if (!range) {
    return {
      status: 200,
      headers: { ...base, 'Content-Length': String(size) },
      body: handle.createReadStream({ autoClose: true }),
    };
  }
  return {
    status: 206,
    headers: {
      ...base,
      'Content-Length': String(range.end - range.start + 1),
      'Content-Range': `bytes ${range.start}-${range.end}/${size}`,
    },
    body: handle.createReadStream({ start: range.start, end: range.end, autoClose: true }),
  };
}
