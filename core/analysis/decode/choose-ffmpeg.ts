import { resolve } from 'node:path';
import type { Database } from '../../library/db.js';
import { updateSettings } from '../../library/settings.js';
import { resolveFfmpeg, type FfmpegBinary } from './ffmpeg-binary.js';

/**
 * Stores the ffmpeg program analysis runs, after checking that it answers `-version` like an
 * ffmpeg; null goes back to the bundled one. Only the command line (`serve --ffmpeg`) and the
 * desktop app's native file dialog call this: the API refuses `ffmpegPath`, so no web page can
 * choose a program for Genrewise to run.
 */
export function chooseFfmpeg(db: Database, path: string | null, env: NodeJS.ProcessEnv = process.env): FfmpegBinary {
  const explicit = path === null ? undefined : path.includes('/') || path.includes('\\') ? resolve(path) : path;
  const binary = resolveFfmpeg({ explicit, env: explicit ? env : { ...env, GENREWISE_FFMPEG: undefined } });
  updateSettings(db, { ffmpegPath: explicit ?? null });
  return binary;
}
