import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import { isPlaylistFormat, type PlaylistFormat } from './types.js';

/**
 * The file in an export folder that lists the playlists Genrewise wrote there, so a re-export
 * replaces and removes only those and never a playlist the user made or edited.
 */
export const MANIFEST_NAME = '.genrewise-playlists.json';

export interface ManifestEntry {
  /** File name inside the export folder. */
  readonly file: string;
  readonly format: PlaylistFormat;
  readonly genre: string;
  readonly name: string;
  /**
   * SHA-256 of the contents Genrewise wrote. Two while a replacement is in flight (old and new),
   * so a crash between the rename and the final manifest still leaves the file recognised.
   */
  readonly sha256: readonly string[];
  readonly tracks: number;
  readonly writtenAt: string;
}

export interface Manifest {
  readonly files: readonly ManifestEntry[];
}

export interface ManifestRead {
  readonly manifest: Manifest;
  /** Set when a manifest exists but cannot be used: then no file counts as ours. */
  readonly warning: string | null;
}

export function readManifest(dir: string): ManifestRead {
  const path = join(dir, MANIFEST_NAME);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { manifest: { files: [] }, warning: null };
    return {
      manifest: { files: [] },
      warning: `cannot read ${path} (${(err as Error).message}); existing playlists are left alone`,
    };
  }
  const files = parseManifest(text);
  if (files === null) {
    return {
      manifest: { files: [] },
      warning: `${path} is damaged; existing playlists are left alone and the list is started afresh`,
    };
  }
  return { manifest: { files }, warning: null };
}

export function writeManifest(dir: string, manifest: Manifest): void {
  const body = { generator: 'genrewise', version: 1, files: manifest.files };
  writeFileAtomic(join(dir, MANIFEST_NAME), `${JSON.stringify(body, null, 2)}\n`);
}

function parseManifest(text: string): ManifestEntry[] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(parsed) || parsed.version !== 1 || !Array.isArray(parsed.files)) return null;
  const entries: ManifestEntry[] = [];
  for (const item of parsed.files) {
    const entry = toEntry(item);
    if (entry === null) return null;
    entries.push(entry);
  }
  return entries;
}

function toEntry(item: unknown): ManifestEntry | null {
  if (!isObject(item)) return null;
  const { file, format, genre, name, sha256, tracks, writtenAt } = item;
  if (typeof file !== 'string' || file === '' || file.includes('/') || file.includes('\\')) return null;
  if (typeof format !== 'string' || !isPlaylistFormat(format)) return null;
  if (typeof genre !== 'string' || typeof name !== 'string' || typeof writtenAt !== 'string') return null;
  if (!Array.isArray(sha256) || !sha256.every((h): h is string => typeof h === 'string' && /^[0-9a-f]{64}$/.test(h)))
    return null;
  if (typeof tracks !== 'number' || !Number.isInteger(tracks) || tracks < 0) return null;
  return { file, format, genre, name, sha256, tracks, writtenAt };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
