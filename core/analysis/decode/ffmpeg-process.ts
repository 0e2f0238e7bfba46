/**
 * One running ffmpeg, however it was started: directly by this process (spawnFfmpeg) or by the
 * small launcher process on our behalf (launched-ffmpeg.ts). The decoder only needs its output,
 * a way to kill it, and its exit code with the tail of its stderr.
 */
import { spawn } from 'node:child_process';

export const STDERR_TAIL_BYTES = 8192;

export interface FfmpegProcess {
  /** Receives ffmpeg's standard output, chunk by chunk (nothing when it was started without). */
  onData(listener: (chunk: Buffer) => void): void;
  /** At most once: ffmpeg could not be run (the message says why, as Node's spawn put it). */
  onError(listener: (err: Error) => void): void;
  /** Once, last: ffmpeg ended and all its output was delivered; code null when it was killed. */
  onClose(listener: (code: number | null, stderrTail: string) => void): void;
  kill(): void;
}

/** Starts ffmpeg; `withStdout` false when its output is not wanted (a probe reads only stderr). */
export type FfmpegStarter = (path: string, args: readonly string[], withStdout: boolean) => FfmpegProcess;

/** Spawns ffmpeg as a child of this process. */
export const spawnFfmpeg: FfmpegStarter = (path, args, withStdout) =>
  spawnWithStderrTail(path, args, withStdout ? 'pipe' : 'ignore');

/**
 * Spawns ffmpeg with its standard output piped here, ignored, or written to a file descriptor (the
 * launcher's FIFOs), keeping the tail of its stderr for the close listener. May throw when Node
 * refuses the arguments outright; a program that cannot run is reported through onError.
 */
export function spawnWithStderrTail(
  path: string,
  args: readonly string[],
  stdout: 'pipe' | 'ignore' | number,
): FfmpegProcess {
  const child = spawn(path, args, { stdio: ['ignore', stdout, 'pipe'], windowsHide: true });
  let stderrTail = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-STDERR_TAIL_BYTES);
  });
  return {
    onData: (listener) => child.stdout?.on('data', listener),
    onError: (listener) => child.once('error', listener),
    onClose: (listener) => child.once('close', (code) => listener(code, stderrTail)),
    kill: () => child.kill('SIGKILL'),
  };
}
