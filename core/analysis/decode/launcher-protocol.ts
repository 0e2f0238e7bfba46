/**
 * Messages between an analysis worker and its ffmpeg launcher (launcher-process.ts), a small
 * Node process that starts ffmpeg for it. JSON over the launcher's IPC channel, or over a shared
 * launcher's socket as one message per line; the samples do not travel here: ffmpeg writes them
 * into a FIFO the worker reads.
 */
import type { Socket } from 'node:net';

/** The launcher's argument to be shared: it then also serves workers on a socket. */
export const SHARED_FLAG = '--shared';

/** Worker → launcher: start ffmpeg; its stdout goes into `fifo` (opened for writing), or nowhere when null. */
export interface SpawnMessage {
  readonly type: 'spawn';
  readonly id: number;
  readonly path: string;
  readonly args: readonly string[];
  readonly fifo: string | null;
}

/** Worker → launcher: SIGKILL that ffmpeg (or never start it, if it has not started yet). */
export interface KillMessage {
  readonly type: 'kill';
  readonly id: number;
}

export type LauncherRequest = SpawnMessage | KillMessage;

/**
 * Launcher → its parent at start-up, or → a worker when it connects: FIFOs it made for it, each to
 * be used by one ffmpeg at a time, and (to a shared launcher's parent) the socket workers connect to.
 */
export interface ReadyMessage {
  readonly type: 'ready';
  readonly fifos: readonly string[];
  readonly socket: string | null;
}

/** Launcher → worker: that ffmpeg ended (code null when killed), or could not run (`spawnError`). */
export interface ExitMessage {
  readonly type: 'exit';
  readonly id: number;
  readonly code: number | null;
  readonly stderrTail: string;
  readonly spawnError: string | null;
}

export type LauncherReply = ReadyMessage | ExitMessage;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

const isStrings = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((v) => typeof v === 'string');

export function isLauncherRequest(value: unknown): value is LauncherRequest {
  if (!isObject(value) || typeof value.id !== 'number') return false;
  if (value.type === 'kill') return true;
  return (
    value.type === 'spawn' &&
    typeof value.path === 'string' &&
    isStrings(value.args) &&
    (value.fifo === null || typeof value.fifo === 'string')
  );
}

export function isLauncherReply(value: unknown): value is LauncherReply {
  if (!isObject(value)) return false;
  if (value.type === 'ready')
    return isStrings(value.fifos) && (value.socket === null || typeof value.socket === 'string');
  return (
    value.type === 'exit' &&
    typeof value.id === 'number' &&
    (value.code === null || typeof value.code === 'number') &&
    typeof value.stderrTail === 'string' &&
    (value.spawnError === null || typeof value.spawnError === 'string')
  );
}

/**
 * A shared launcher's socket, read as one JSON message per line: each complete line that parses
 * goes to `onMessage` (the receiver checks its shape); a broken line is skipped.
 */
export function readJsonLines(socket: Socket, onMessage: (message: unknown) => void): void {
  let buffered = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    const lines = (buffered + chunk).split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      let message: unknown;
      try {
        message = JSON.parse(line);
      } catch {
        continue;
      }
      onMessage(message);
    }
  });
}

/** Writes one message as a line, unless the socket is already closed. */
export function writeJsonLine(socket: Socket, message: LauncherRequest | LauncherReply): void {
  if (!socket.destroyed && socket.writable) socket.write(`${JSON.stringify(message)}\n`);
}
