/**
 * The worker's side of the ffmpeg launcher (launcher-process.ts): starts that process once, then
 * starts each ffmpeg through it. ffmpeg's output arrives through one of the launcher's FIFOs,
 * opened here for reading (the open waits for the launcher's open for writing) and read as a
 * pipe; its exit code and stderr arrive as a message. The launcher cannot start (no FIFOs, no
 * launcher file, Windows): startFfmpegLauncher gives undefined and the caller spawns ffmpeg
 * itself. It dies later: the ffmpegs in flight fail as `cannot run ffmpeg`, later ones are
 * spawned directly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, constants, existsSync, open, openSync } from 'node:fs';
import { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { spawnFfmpeg, type FfmpegProcess, type FfmpegStarter } from './ffmpeg-process.js';
import { isLauncherReply, type ExitMessage, type LauncherRequest } from './launcher-protocol.js';

export interface FfmpegLauncher {
  readonly start: FfmpegStarter;
  readonly pid: number | undefined;
  /**
   * Stops the launcher (it kills what it still runs; later starts spawn directly) and resolves
   * once it has exited, so its CPU time counts in ours (a parent's rusage holds only reaped children).
   */
  close(): Promise<void>;
}

export interface LauncherOptions {
  /** The compiled launcher script; default: launcher-process.js beside this file. */
  readonly launcherPath?: string;
  readonly readyTimeoutMs?: number;
}

export function defaultLauncherPath(): string {
  return fileURLToPath(new URL('./launcher-process.js', import.meta.url));
}

const LAUNCHER_GONE = 'the ffmpeg launcher process exited';

/** Opening the FIFO's other end releases a reader still waiting in open() (a launcher that never will). */
function releaseReader(fifo: string): void {
  try {
    closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
  } catch {
    // No reader is waiting (ENXIO), or the FIFO is gone: nothing to release.
  }
}

class LaunchedFfmpeg implements FfmpegProcess {
  private dataListener: ((chunk: Buffer) => void) | undefined;
  private errorListener: ((err: Error) => void) | undefined;
  private closeListener: ((code: number | null, stderrTail: string) => void) | undefined;
  private socket: Socket | undefined;
  private exit: ExitMessage | undefined;
  private streamDone: boolean;
  private killed = false;

  constructor(
    private readonly id: number,
    readonly fifo: string | null,
    private readonly request: (message: LauncherRequest) => void,
    private readonly done: (process: LaunchedFfmpeg) => void,
  ) {
    this.streamDone = fifo === null;
    if (fifo !== null) open(fifo, 'r', (err, fd) => this.opened(err, fd));
  }

  onData(listener: (chunk: Buffer) => void): void {
    this.dataListener = listener;
  }
  onError(listener: (err: Error) => void): void {
    this.errorListener = listener;
  }
  onClose(listener: (code: number | null, stderrTail: string) => void): void {
    this.closeListener = listener;
  }

  kill(): void {
    if (this.killed || this.exit) return;
    this.killed = true;
    this.request({ type: 'kill', id: this.id });
    this.socket?.destroy(); // a writing ffmpeg then ends on EPIPE even if the kill came late
  }

  exited(message: ExitMessage): void {
    this.exit = message;
    if (this.fifo !== null && !this.socket && !this.streamDone) releaseReader(this.fifo);
    this.finishIfDone();
  }

  private opened(err: NodeJS.ErrnoException | null, fd: number): void {
    if (err) {
      this.streamDone = true;
      this.finishIfDone();
      return;
    }
    const socket = new Socket({ fd, readable: true, writable: false });
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => this.dataListener?.(chunk));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      this.streamDone = true;
      this.finishIfDone();
    });
    if (this.killed) socket.destroy();
  }

  private finishIfDone(): void {
    const exit = this.exit;
    if (!exit || !this.streamDone) return;
    this.done(this);
    if (exit.spawnError !== null) this.errorListener?.(new Error(exit.spawnError));
    this.closeListener?.(exit.code, exit.stderrTail);
  }
}

class Launcher implements FfmpegLauncher {
  private readonly running = new Map<number, LaunchedFfmpeg>();
  private readonly freeFifos: string[];
  private nextId = 0;
  private alive = true;

  constructor(
    private readonly child: ChildProcess,
    fifos: readonly string[],
  ) {
    this.freeFifos = [...fifos];
    child.on('message', (message: unknown) => {
      if (isLauncherReply(message) && message.type === 'exit') this.running.get(message.id)?.exited(message);
    });
    child.once('exit', () => this.gone());
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  readonly start: FfmpegStarter = (path, args, withStdout) => {
    const fifo = withStdout ? this.freeFifos.pop() : null;
    if (!this.alive || fifo === undefined || !this.child.connected) {
      if (fifo) this.freeFifos.push(fifo);
      return spawnFfmpeg(path, args, withStdout);
    }
    const id = ++this.nextId;
    const ffmpeg = new LaunchedFfmpeg(
      id,
      fifo,
      (m) => this.send(m),
      (p) => this.finished(id, p),
    );
    this.running.set(id, ffmpeg);
    this.send({ type: 'spawn', id, path, args, fifo });
    return ffmpeg;
  };

  close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    if (this.child.connected) this.child.disconnect();
    return exited;
  }

  private send(message: LauncherRequest): void {
    if (!this.child.connected) return;
    this.child.send(message, (err) => {
      if (err) this.child.kill('SIGKILL');
    });
  }

  private finished(id: number, ffmpeg: LaunchedFfmpeg): void {
    this.running.delete(id);
    if (ffmpeg.fifo !== null && this.alive) this.freeFifos.push(ffmpeg.fifo);
  }

  private gone(): void {
    this.alive = false;
    for (const [id, ffmpeg] of this.running) {
      ffmpeg.exited({ type: 'exit', id, code: null, stderrTail: '', spawnError: LAUNCHER_GONE });
    }
  }
}

/** Starts the launcher and waits for its FIFOs; undefined when it cannot run here. */
export function startFfmpegLauncher(options: LauncherOptions = {}): Promise<FfmpegLauncher | undefined> {
  const path = options.launcherPath ?? defaultLauncherPath();
  if (process.platform === 'win32' || !existsSync(path)) return Promise.resolve(undefined);
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, [path], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      serialization: 'json',
      windowsHide: true,
    });
  } catch {
    return Promise.resolve(undefined);
  }
  return new Promise((resolve) => {
    const fail = (): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      resolve(undefined);
    };
    const timer = setTimeout(fail, options.readyTimeoutMs ?? 10_000);
    child.once('error', fail);
    child.once('exit', fail);
    child.once('message', (message: unknown) => {
      clearTimeout(timer);
      child.off('error', fail);
      child.off('exit', fail);
      if (!isLauncherReply(message) || message.type !== 'ready' || message.fifos.length === 0) {
        fail();
        return;
      }
      resolve(new Launcher(child, message.fifos));
    });
  });
}
