import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { extname, relative, isAbsolute } from 'node:path';

export class MediaAccessError extends Error {
  override name = 'MediaAccessError';
  constructor(
    message: string,
    readonly status: 403 | 404 | 416,
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
  readonly body: NodeJS.ReadableStream;
}

export async function openMedia(realPath: string, rangeHeader: string | undefined): Promise<MediaResponse> {
  const info = await stat(realPath);
  const range = parseRange(rangeHeader, info.size);
  const base = { 'Content-Type': contentTypeFor(realPath), 'Accept-Ranges': 'bytes', 'Cache-Control': 'no-store' };
  if (!range) {
    return { status: 200, headers: { ...base, 'Content-Length': String(info.size) }, body: createReadStream(realPath) };
  }
  return {
    status: 206,
    headers: {
      ...base,
      'Content-Length': String(range.end - range.start + 1),
      'Content-Range': `bytes ${range.start}-${range.end}/${info.size}`,
    },
    body: createReadStream(realPath, { start: range.start, end: range.end }),
  };
}
