import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundledScript } from './bundles.js';
import { analysisChildEnv } from './child-env.js';
import { LAUNCHER_SOCKET_ENV, type FfmpegLauncher } from './decode/launched-ffmpeg.js';
import { WorkerStartError, type WorkerExit, type WorkerHandle, type WorkerSpawner } from './pool.js';
import { ANALYSIS_WORKER_EXEC_ARGV } from './worker-flags.js';

export interface ForkSpawnerOptions {
  /** The compiled worker module; default: worker.js beside this file (dist/node/…). */
  readonly workerPath?: string;
  /** Node and V8 flags of the worker; default ANALYSIS_WORKER_EXEC_ARGV. */
  readonly execArgv?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  /**
   * The ffmpeg launcher the workers share (launcherOnDemand's get), asked for before each worker
   * starts; without one, or when it gives none, each worker starts its own.
   */
  readonly ffmpegLauncher?: () => Promise<FfmpegLauncher | undefined>;
}

const STDERR_TAIL_CHARS = 4096;

/** The bundled worker (bundles.ts) where the build made one, else worker.js beside this module. */
export function defaultWorkerPath(): string {
  return bundledScript('analysis-worker.js') ?? fileURLToPath(new URL('./worker.js', import.meta.url));
}

/**
 * Starts workers as Node child processes (the CLI's host). On POSIX each worker leads its own
 * process group: a Ctrl-C in the terminal then reaches only the CLI, which cancels cleanly
 * instead of seeing every worker die mid-file, and killing the group also kills the ffmpeg the
 * worker is waiting on (a shared launcher, in a group of its own, kills the ffmpegs of a worker
 * whose connection closes). A worker whose parent dies sees its IPC channel close and exits.
 */
export function forkWorkerSpawner(options: ForkSpawnerOptions = {}): WorkerSpawner {
  const workerPath = options.workerPath ?? defaultWorkerPath();
  if (!existsSync(workerPath)) {
    throw new WorkerStartError(`analysis worker not found at ${workerPath}; build the project first (npm run build)`);
  }
  const env = analysisChildEnv(options.env ?? process.env);
  const sharedLauncher = options.ffmpegLauncher;
  if (!sharedLauncher) return () => forkWorker(workerPath, options, env);
  return async () => {
    const socket = (await sharedLauncher())?.socket;
    return forkWorker(workerPath, options, socket ? { ...env, [LAUNCHER_SOCKET_ENV]: socket } : env);
  };
}

function forkWorker(workerPath: string, options: ForkSpawnerOptions, env: NodeJS.ProcessEnv): WorkerHandle {
  const ownGroup = process.platform !== 'win32';
  const child = fork(workerPath, [], {
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    detached: ownGroup,
    // Never inherit the parent's flags (a test runner's loaders, --inspect ports).
    execArgv: [...(options.execArgv ?? ANALYSIS_WORKER_EXEC_ARGV)],
    env,
    serialization: 'json',
  });
  let stderrTail = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-STDERR_TAIL_CHARS);
  });
  const exitListeners: ((exit: WorkerExit) => void)[] = [];
  let exited = false;
  const emitExit = (exit: WorkerExit): void => {
    if (exited) return;
    exited = true;
    for (const listener of exitListeners) listener(exit);
  };
  child.on('close', (code, signal) => emitExit({ code, signal, detail: stderrTail }));
  child.on('error', (err) => {
    // Spawn failures end the process before it began; IPC send errors are followed by 'close'.
    if (child.pid === undefined) emitExit({ code: null, signal: null, detail: err.message });
  });
  return {
    pid: child.pid,
    send(message) {
      if (!child.connected) throw new Error('worker channel is closed');
      child.send(message, (err) => {
        if (err) child.kill('SIGKILL');
      });
    },
    onMessage(listener) {
      child.on('message', listener);
    },
    onExit(listener) {
      exitListeners.push(listener);
    },
    kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      try {
        if (ownGroup && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    },
  };
}
