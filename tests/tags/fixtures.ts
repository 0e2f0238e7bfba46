import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import ffmpegInstaller from '@ffmpeg-installer/ffmpeg';
import { parseFile, type IAudioMetadata } from 'music-metadata';

/** The committed fixtures (tests/fixtures/library) as their manifest describes them. */
export const FIXTURE_DIR = resolve(import.meta.dirname, '../fixtures/library');

export interface FixtureFile {
  readonly path: string;
  readonly format: string;
  readonly coverArt: boolean;
  readonly tags: { readonly rawGenre: string | readonly string[] | null; readonly genres: readonly string[] | null };
}

export function fixtureFiles(): FixtureFile[] {
  const manifest = JSON.parse(readFileSync(join(FIXTURE_DIR, 'manifest.json'), 'utf8')) as { files: FixtureFile[] };
  return manifest.files;
}

/** The manifest's entry for one fixture, by its path below tests/fixtures/library. */
export function fixture(path: string): FixtureFile {
  const found = fixtureFiles().find((f) => f.path === path);
  if (!found) throw new Error(`fixture ${path} missing from the manifest`);
  return found;
}

export function fixturePath(file: FixtureFile): string {
  return join(FIXTURE_DIR, file.path);
}

/** A fresh temp folder; never write into the committed fixtures. */
export function tempDir(prefix = 'genrewise-tags-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Copies a fixture into `dir` (optionally under another name) and returns the copy's path. */
export function copyFixture(file: FixtureFile, dir: string, name = basename(file.path)): string {
  mkdirSync(dir, { recursive: true });
  const target = join(dir, name);
  copyFileSync(fixturePath(file), target);
  return target;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function fileSha256(path: string): string {
  return sha256(readFileSync(path));
}

export async function readTags(path: string): Promise<IAudioMetadata> {
  return parseFile(path, { duration: false, skipCovers: false });
}

/** Everything music-metadata reports in `common` except the genre, pictures reduced to hashes. */
export function commonWithoutGenre(metadata: IAudioMetadata): unknown {
  const { genre: _genre, picture, ...rest } = metadata.common;
  return {
    ...rest,
    picture: (picture ?? []).map((p) => ({
      format: p.format,
      type: p.type,
      description: p.description,
      sha256: sha256(p.data),
    })),
  };
}

/** MD5 of the decoded PCM, from the ffmpeg binary the project ships: proof the audio plays the same. */
export function decodedMd5(path: string): string {
  const result = spawnSync(ffmpegInstaller.path, ['-v', 'error', '-i', path, '-map', '0:a', '-f', 'md5', '-'], {
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`ffmpeg cannot decode ${path}: ${result.stderr}`);
  return result.stdout.trim();
}

export function ffmpegPath(): string {
  return ffmpegInstaller.path;
}
