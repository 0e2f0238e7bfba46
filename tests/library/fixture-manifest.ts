import { cpSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TrackTagFields } from '../../shared/api/types.js';

/** tests/fixtures, with the manifest written by scripts/make-fixtures.sh. */
export const FIXTURES_DIR = resolve(import.meta.dirname, '../fixtures');
export const LIBRARY_FIXTURES = join(FIXTURES_DIR, 'library');
export const BROKEN_FIXTURES = join(FIXTURES_DIR, 'broken');

export interface ManifestFile {
  readonly path: string;
  readonly format: string;
  readonly size: number;
  readonly durationSec: number;
  readonly sampleRate: number;
  readonly channels: number;
  readonly coverArt: boolean;
  readonly tags: TrackTagFields;
}

export interface ManifestBroken {
  readonly path: string;
  readonly kind: string;
}

export interface Manifest {
  readonly files: readonly ManifestFile[];
  readonly broken: readonly ManifestBroken[];
}

export function loadManifest(): Manifest {
  return JSON.parse(readFileSync(join(LIBRARY_FIXTURES, 'manifest.json'), 'utf8')) as Manifest;
}

/** Copies library/ (and broken/ when asked) into `dest`, as `dest/library/…` and `dest/broken/…`. */
export function copyFixtures(dest: string, options: { broken?: boolean } = {}): void {
  cpSync(LIBRARY_FIXTURES, join(dest, 'library'), { recursive: true, filter: (src) => !src.endsWith('manifest.json') });
  if (options.broken) cpSync(BROKEN_FIXTURES, join(dest, 'broken'), { recursive: true });
}
