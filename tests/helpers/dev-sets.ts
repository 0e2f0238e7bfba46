import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { hasAudioExtension } from '../../core/library/audio-extensions.js';

/**
 * The development sets built from Debian's openly licensed music packages (never committed):
 *   personal   scripts/make-personal-dataset.sh   ($GENREWISE_PERSONAL_DATA)
 *   realworld  scripts/make-realworld-devset.sh   ($GENREWISE_REALWORLD)
 * Both default to ${XDG_CACHE_HOME:-~/.cache}/genrewise-test-data/<name>. `.ci/run` builds them
 * before the tests, so under CI=true an absent set means a broken setup and the test fails;
 * elsewhere it skips with a message saying how to build it.
 */
const SETS = {
  personal: { env: 'GENREWISE_PERSONAL_DATA', script: 'scripts/make-personal-dataset.sh' },
  realworld: { env: 'GENREWISE_REALWORLD', script: 'scripts/make-realworld-devset.sh' },
} as const;

export type DevSet = keyof typeof SETS;

export function devSetDir(name: DevSet): string | undefined {
  const { env, script } = SETS[name];
  const cache = process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache');
  const dir = process.env[env] ?? join(cache, 'genrewise-test-data', name);
  if (existsSync(join(dir, 'labels.tsv'))) return dir;
  const message = `${name} development set absent at ${dir} (build it with ${script}, or set ${env})`;
  if (process.env.CI === 'true') throw new Error(`${message}: CI=true requires it (.ci/run builds it)`);
  console.warn(`${message}: skipped`);
  return undefined;
}

/**
 * The dev libraries (scripts/make-dev-libraries.sh, $GENREWISE_DEV_LIBRARIES): optional, CI does
 * not build them, so an absent folder is undefined (the caller skips with a message).
 */
export function devLibrariesDir(): string | undefined {
  const dir = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'genrewise-test-data', 'libraries');
  return process.env.GENREWISE_DEV_LIBRARIES ?? (existsSync(dir) ? dir : undefined);
}

/** Every file with an audio extension under `dir`, sorted. */
export function audioFilesUnder(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && hasAudioExtension(entry.name)) found.push(join(entry.parentPath, entry.name));
  }
  return found.sort();
}
