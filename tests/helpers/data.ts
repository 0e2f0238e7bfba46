import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The GTZAN and real-world data live beside the checkout (../shared/data) and are never
 * committed. GENREWISE_DATA points elsewhere. Tests that need the data skip with a message
 * when it is absent, and fail under CI=true, where its absence means a broken setup.
 */
export function sharedDataDir(): string | undefined {
  const candidates = [process.env.GENREWISE_DATA, resolve(import.meta.dirname, '../../../shared/data')];
  for (const dir of candidates) {
    if (dir && existsSync(resolve(dir, 'gtzan', 'features_30_sec.csv'))) return dir;
  }
  if (process.env.CI === 'true') {
    throw new Error('shared data not found: set GENREWISE_DATA or place it at ../shared/data (CI=true requires it)');
  }
  return undefined;
}

export const SKIP_NO_DATA = 'shared data absent (../shared/data or GENREWISE_DATA): skipped';

/** Use as `describe.skipIf(!hasSharedData())`; logs once why the tests are skipped. */
export function hasSharedData(): boolean {
  const dir = sharedDataDir();
  if (!dir) console.warn(SKIP_NO_DATA);
  return dir !== undefined;
}

export function sharedDataPath(...parts: string[]): string {
  const dir = sharedDataDir();
  if (!dir) throw new Error(SKIP_NO_DATA);
  return resolve(dir, ...parts);
}
