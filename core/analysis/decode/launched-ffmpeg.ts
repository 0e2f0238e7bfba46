/**
 * The worker's side of the ffmpeg launcher (launcher-process.ts): starts that process once (or
 * connects to the one a command run shares among its workers: connectFfmpegLauncher), then
 * starts each ffmpeg through it. A window's samples go to a file (window-files.ts); a whole-file
 * decode's arrive through one of the launcher's FIFOs, opened here for reading (the open waits for
 * the launcher's open for writing) and read as a pipe. Exit code and stderr arrive as a message.
 * The launcher cannot start or be reached (no FIFOs, no launcher file, Windows): these give
 * undefined and the caller spawns ffmpeg itself. It dies later: the ffmpegs in flight fail as `cannot run ffmpeg`, later ones are
 * spawned directly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, constants, existsSync, open, openSync } from 'node:fs';
import { connect, Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { bundledScript } from '../bundles.js';
import { analysisChildEnv } from '../child-env.js';
import { spawnFfmpeg, type FfmpegProcess, type FfmpegStarter } from './ffmpeg-process.js';
import {
  isLauncherReply,
  readJsonLines,
  SHARED_FLAG,
  writeJsonLine,
  type ExitMessage,
  type LauncherRequest,
} from './launcher-protocol.js';

export interface FfmpegLauncher {
  readonly start: FfmpegStarter;
  /** The launcher process, when this one started it. */
  readonly pid: number | undefined;
  /** Where workers connect to a shared launcher (connectFfmpegLauncher); null otherwise. */
  readonly socket: string | null;
  /**
   * Stops the launcher (it kills what it still runs; later starts spawn directly) and resolves
   * once it has exited, so its CPU time counts in ours (a parent's rusage holds only reaped
   * children). For a connected one: leaves it (it kills what it ran for us) once it has hung up.
   */
  close(): Promise<void>;
}

export interface LauncherOptions {
  /** The compiled launcher script; default: launcher-process.js beside this file. */
  readonly launcherPath?: string;
  readonly readyTimeoutMs?: number;
  /**
   * Share it: it also serves the workers that connect to its `socket`. It leads its own process
   * group, so a Ctrl-C in the terminal reaches neither it nor its ffmpegs (the run cancels cleanly).
   */
  readonly shared?: boolean;
}

/**
 * The bundled launcher (bundles.ts) where the build made one, else launcher-process.js beside this
 * module, which inside the bundled worker is the bundled launcher itself.
 */
export function defaultLauncherPath(): string {
  return bundledScript('launcher-process.js') ?? fileURLToPath(new URL('./launcher-process.js', import.meta.url));
}

const LAUNCHER_GONE = 'the ffmpeg launcher process exited';

/** Tells a worker where its run's shared launcher listens (see connectFfmpegLauncher). */
export const LAUNCHER_SOCKET_ENV = 'GENREWISE_FFMPEG_LAUNCHER_SOCKET';

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

/** How a worker talks to its launcher: its own child's IPC channel, or a shared launcher's socket. */
interface LauncherLink {
  readonly pid: number | undefined;
  readonly socket: string | null;
  connected(): boolean;
  /** A message that cannot be sent ends the link (the launcher's in-flight ffmpegs then fail). */
  send(message: LauncherRequest): void;
  onMessage(listener: (message: unknown) => void): void;
  onGone(listener: () => void): void;
  close(): Promise<void>;
}

function childLink(child: ChildProcess, socket: string | null): LauncherLink {
  return {
    pid: child.pid,
    socket,
    connected: () => child.connected,
    send(message) {
      if (!child.connected) return;
      child.send(message, (err) => {
        if (err) child.kill('SIGKILL');
      });
    },
    onMessage: (listener) => child.on('message', listener),
    onGone: (listener) => child.once('exit', listener),
    close() {
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      if (child.connected) child.disconnect();
      return exited;
    },
  };
}

/** One JSON message per line, each way. */
function socketLink(socket: Socket): LauncherLink {
  const listeners: ((message: unknown) => void)[] = [];
  readJsonLines(socket, (message) => {
    for (const listener of listeners) listener(message);
  });
  socket.on('error', () => socket.destroy());
  return {
    pid: undefined,
    socket: null,
    connected: () => !socket.destroyed && socket.writable,
    send: (message) => writeJsonLine(socket, message),
    onMessage: (listener) => listeners.push(listener),
    onGone: (listener) => socket.once('close', listener),
    close() {
      if (socket.destroyed) return Promise.resolve();
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      socket.end();
      return closed;
    },
  };
}

class Launcher implements FfmpegLauncher {
  private readonly running = new Map<number, LaunchedFfmpeg>();
  private readonly freeFifos: string[];
  private nextId = 0;
  private alive = true;

  constructor(
    private readonly link: LauncherLink,
    fifos: readonly string[],
  ) {
    this.freeFifos = [...fifos];
    link.onMessage((message: unknown) => {
      if (isLauncherReply(message) && message.type === 'exit') this.running.get(message.id)?.exited(message);
    });
    link.onGone(() => this.gone());
  }

  get pid(): number | undefined {
    return this.link.pid;
  }

  get socket(): string | null {
    return this.link.socket;
  }

  readonly start: FfmpegStarter = (path, args, withStdout) => {
    const fifo = withStdout ? this.freeFifos.pop() : null;
    if (!this.alive || fifo === undefined || !this.link.connected()) {
      if (fifo) this.freeFifos.push(fifo);
      return spawnFfmpeg(path, args, withStdout);
    }
    const id = ++this.nextId;
    const ffmpeg = new LaunchedFfmpeg(
      id,
      fifo,
      (m) => this.link.send(m),
      (p) => this.finished(id, p),
    );
    this.running.set(id, ffmpeg);
    this.link.send({ type: 'spawn', id, path, args, fifo });
    return ffmpeg;
  };

  close(): Promise<void> {
    return this.link.close();
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
    child = spawn(process.execPath, [path, ...(options.shared ? [SHARED_FLAG] : [])], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      detached: options.shared === true,
      env: { ...analysisChildEnv(process.env), ELECTRON_RUN_AS_NODE: '1' },
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
      if (
        !isLauncherReply(message) ||
        message.type !== 'ready' ||
        !(options.shared ? message.socket !== null : message.fifos.length > 0)
      ) {
        fail();
        return;
      }
      resolve(new Launcher(childLink(child, message.socket), message.fifos));
    });
  });
}

/**
 * Connects to a shared launcher (a command run's: startFfmpegLauncher with `shared`) and waits
 * for the FIFOs it made for this process; undefined when it cannot be reached or made none.
 */
export function connectFfmpegLauncher(
  socketPath: string,
  options: Pick<LauncherOptions, 'readyTimeoutMs'> = {},
): Promise<FfmpegLauncher | undefined> {
  if (process.platform === 'win32') return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const socket = connect(socketPath);
    const link = socketLink(socket);
    let settled = false;
    const settle = (launcher: FfmpegLauncher | undefined): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (!launcher) socket.destroy();
      resolve(launcher);
    };
    const timer = setTimeout(() => settle(undefined), options.readyTimeoutMs ?? 10_000);
    link.onGone(() => settle(undefined));
    link.onMessage((message) => {
      if (settled || !isLauncherReply(message) || message.type !== 'ready') return;
      settle(message.fifos.length > 0 ? new Launcher(link, message.fifos) : undefined);
    });
  });
}

/** A shared launcher started when first asked for; close() stops it if it was started. */
export interface LauncherOnDemand {
  get(): Promise<FfmpegLauncher | undefined>;
  close(): Promise<void>;
}

/**
 * One launcher for a command run, shared by all its workers (each of which would otherwise start
 * its own Node process and FIFOs), started only once a worker is: a run with nothing to analyse
 * starts none.
 */
export function launcherOnDemand(options: Omit<LauncherOptions, 'shared'> = {}): LauncherOnDemand {
  let started: Promise<FfmpegLauncher | undefined> | undefined;
  return {
    get: () => (started ??= startFfmpegLauncher({ ...options, shared: true })),
    close: async () => {
      await (await started)?.close();
    },
  };
}
