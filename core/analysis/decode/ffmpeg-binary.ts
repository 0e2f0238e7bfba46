import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { sep } from 'node:path';
import { FfmpegNotFoundError } from './errors.js';

/** Where the ffmpeg in use came from, so `--help`, errors and the UI can say which one runs. */
export type FfmpegSource = 'option' | 'env' | 'bundled' | 'path';

/**
 * The resampling engine the decoder asks for. soxr (very high quality) is the closest ffmpeg
 * offers to librosa's resampy kaiser_best; ffmpeg builds without libsoxr fall back to swr with a
 * long windowed-sinc filter, which changes the features slightly on non-22,050 Hz files.
 */
export type Resampler = 'soxr' | 'swr';

export interface FfmpegBinary {
  readonly path: string;
  readonly source: FfmpegSource;
  /** First line of `ffmpeg -version`. */
  readonly version: string;
  readonly resampler: Resampler;
}

export interface ResolveFfmpegOptions {
  /** A path the user configured (CLI `--ffmpeg`, the app's setting): wins over everything. */
  readonly explicit?: string | undefined;
  readonly env?: NodeJS.ProcessEnv;
}

interface Candidate {
  readonly path: string;
  readonly source: FfmpegSource;
}

const checked = new Map<string, FfmpegBinary | string>();

/**
 * Finds a working ffmpeg: the explicit setting, then `GENREWISE_FFMPEG`, then the static binary
 * shipped inside `@ffmpeg-installer/ffmpeg`, then `ffmpeg` on PATH. A path the user named must
 * work — silently using another ffmpeg than the one asked for would hide the misconfiguration —
 * so only the two automatic candidates fall through to each other.
 */
export function resolveFfmpeg(options: ResolveFfmpegOptions = {}): FfmpegBinary {
  const env = options.env ?? process.env;
  const named: Candidate | undefined = options.explicit
    ? { path: options.explicit, source: 'option' }
    : env.GENREWISE_FFMPEG
      ? { path: env.GENREWISE_FFMPEG, source: 'env' }
      : undefined;
  if (named) {
    const result = check(named);
    if (typeof result !== 'string') return result;
    const via = named.source === 'option' ? 'the configured ffmpeg' : 'GENREWISE_FFMPEG';
    throw new FfmpegNotFoundError(`${via} (${named.path}) does not work: ${result}`, [`${named.path}: ${result}`]);
  }
  const tried: string[] = [];
  const bundled = bundledFfmpegPath();
  const candidates: Candidate[] = [];
  if (typeof bundled === 'string') candidates.push({ path: bundled, source: 'bundled' });
  else tried.push(`@ffmpeg-installer/ffmpeg: ${bundled.error}`);
  candidates.push({ path: 'ffmpeg', source: 'path' });
  for (const candidate of candidates) {
    const result = check(candidate);
    if (typeof result !== 'string') return result;
    tried.push(`${candidate.path}: ${result}`);
  }
  throw new FfmpegNotFoundError(
    `no working ffmpeg found (tried ${tried.join('; ')}); install ffmpeg or set GENREWISE_FFMPEG to its path`,
    tried,
  );
}

/** The binary inside `@ffmpeg-installer/<platform>`, or why there is none for this platform. */
function bundledFfmpegPath(): string | { error: string } {
  try {
    const require = createRequire(import.meta.url);
    const installer = require('@ffmpeg-installer/ffmpeg') as { path?: unknown };
    if (typeof installer.path !== 'string') return { error: 'package reports no binary path' };
    // In a packaged app the binary must live outside the asar archive to be executable.
    return installer.path.replace(`${sep}app.asar${sep}`, `${sep}app.asar.unpacked${sep}`);
  } catch (err) {
    // The installer throws plain strings for unsupported platforms.
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

/** Runs `ffmpeg -version` once per path and process; returns the binary or why it failed. */
function check(candidate: Candidate): FfmpegBinary | string {
  const key = `${candidate.source}\0${candidate.path}`;
  const cached = checked.get(key);
  if (cached !== undefined) return cached;
  const run = spawnSync(candidate.path, ['-hide_banner', '-version'], {
    encoding: 'utf8',
    timeout: 15_000,
    windowsHide: true,
  });
  let result: FfmpegBinary | string;
  if (run.error) {
    const code = (run.error as NodeJS.ErrnoException).code;
    result = code === 'ENOENT' ? 'not found' : code === 'EACCES' ? 'not executable' : run.error.message;
  } else if (run.status !== 0 || !run.stdout.startsWith('ffmpeg version')) {
    result = `\`-version\` failed (exit ${run.status ?? run.signal ?? '?'})`;
  } else {
    result = {
      path: candidate.path,
      source: candidate.source,
      version: run.stdout.split('\n', 1)[0] ?? 'ffmpeg',
      resampler: run.stdout.includes('--enable-libsoxr') ? 'soxr' : 'swr',
    };
  }
  checked.set(key, result);
  return result;
}
