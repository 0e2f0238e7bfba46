/**
 * The ffmpeg launcher: a small Node process that starts each ffmpeg an analysis worker asks for.
 * On Linux Node starts a child by fork(), which copies the parent's page tables; from a worker
 * holding 150–250 MB that costs ~20 ms of CPU per ffmpeg more than from this process, which stays
 * at a few MB. ffmpeg writes a window to a file of the worker's and a whole decode into a FIFO
 * the worker reads, so the samples never pass through here; exit codes and stderr come back as
 * messages.
 *
 * Run as `process.execPath launcher-process.js` with an IPC channel (ELECTRON_RUN_AS_NODE=1 in
 * its environment under Electron). It imports only Node and a few small modules (the messages,
 * the ffmpeg spawn, its private folder). Either a worker starts it for itself and asks over that
 * channel, or (with --shared) a command run starts one for all its workers, which connect to a
 * socket in its private folder, each with FIFOs of its own. When its parent goes away (the
 * channel closes) it kills the ffmpegs it started, removes its folder and exits; a worker's own
 * launcher, a member of the worker's process group, also dies when that group is killed, and a
 * shared one kills a worker's ffmpegs when it hangs up.
 */
import { spawn } from 'node:child_process';
import { closeSync, open, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import {
  type ExitMessage,
  isLauncherRequest,
  type LauncherReply,
  readJsonLines,
  SHARED_FLAG,
  type SpawnMessage,
  writeJsonLine,
} from './launcher-protocol.js';
import { spawnWithStderrTail, type FfmpegProcess } from './ffmpeg-process.js';
import { makePrivateFolder } from './private-folder.js';

const FIFO_COUNT = 4;

const send = (message: LauncherReply): void => {
  if (process.connected) process.send?.(message);
};

const DIR_PREFIX = 'genrewise-ffmpeg-';

/**
 * FIFOs at `paths` (readable by this user alone); resolves the paths, or none when mkfifo fails
 * (the workers then take ffmpeg's output over a pipe). The one way both the parent's FIFOs and
 * each connected worker's are made.
 */
function makeFifos(paths: readonly string[]): Promise<string[]> {
  if (paths.length === 0) return Promise.resolve([]);
  return new Promise((resolve) => {
    spawn('mkfifo', ['-m', '600', ...paths], { stdio: 'ignore' })
      .once('error', () => resolve([]))
      .once('close', (code) => resolve(code === 0 ? [...paths] : []));
  });
}

const fifoPaths = (dir: string, prefix: string): string[] =>
  Array.from({ length: FIFO_COUNT }, (_, i) => join(dir, `${prefix}out-${i}`));

/**
 * Whoever asks for ffmpegs: the parent over IPC, or (a shared launcher) a worker connected to its
 * socket. Ids are the client's own; each client has its own FIFOs.
 */
interface Client {
  readonly send: (message: LauncherReply) => void;
  readonly running: Map<number, FfmpegProcess>;
  readonly killed: Set<number>;
}

const newClient = (send: (message: LauncherReply) => void): Client => ({ send, running: new Map(), killed: new Set() });
const clients = new Set<Client>();

function reply(client: Client, id: number, code: number | null, stderrTail: string, spawnError: string | null): void {
  const message: ExitMessage = { type: 'exit', id, code, stderrTail, spawnError };
  client.send(message);
}

function start(client: Client, request: SpawnMessage, stdout: number | 'ignore'): void {
  if (client.killed.delete(request.id)) {
    reply(client, request.id, null, '', null);
    return;
  }
  let ffmpeg: FfmpegProcess;
  try {
    ffmpeg = spawnWithStderrTail(request.path, request.args, stdout);
  } catch (err) {
    reply(client, request.id, null, '', err instanceof Error ? err.message : String(err));
    return;
  }
  client.running.set(request.id, ffmpeg);
  let spawnError: string | null = null;
  ffmpeg.onError((err) => {
    spawnError = err.message;
  });
  ffmpeg.onClose((code, stderrTail) => {
    client.running.delete(request.id);
    reply(client, request.id, code, stderrTail, spawnError);
  });
}

function handleSpawn(client: Client, request: SpawnMessage): void {
  if (request.fifo === null) {
    start(client, request, 'ignore');
    return;
  }
  // Blocks (in libuv's thread pool) until the worker opens the FIFO for reading.
  open(request.fifo, 'w', (err, fd) => {
    if (err) {
      reply(client, request.id, null, '', `cannot open the output FIFO: ${err.message}`);
      return;
    }
    try {
      start(client, request, fd);
    } finally {
      closeSync(fd); // ffmpeg holds its own copy: when it exits, the worker reads end-of-file.
    }
  });
}

function handleRequest(client: Client, message: unknown): void {
  if (!isLauncherRequest(message)) return;
  if (message.type === 'spawn') handleSpawn(client, message);
  else if (client.running.has(message.id)) client.running.get(message.id)?.kill();
  else client.killed.add(message.id);
}

function dropClient(client: Client): void {
  clients.delete(client);
  for (const ffmpeg of client.running.values()) ffmpeg.kill();
}

function shutDown(dir: string): never {
  for (const client of clients) dropClient(client);
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

/**
 * A shared launcher's socket: each connection is one worker, speaking the same messages as
 * newline-delimited JSON, with FIFOs of its own (made when it connects, removed when it leaves).
 */
function serve(dir: string): string {
  const path = join(dir, 'launcher.sock');
  let connections = 0;
  createServer((socket) => {
    const n = ++connections;
    const client = newClient((message) => writeJsonLine(socket, message));
    clients.add(client);
    const fifos = fifoPaths(dir, `worker-${n}-`);
    void makeFifos(fifos).then((made) => client.send({ type: 'ready', fifos: made, socket: null }));
    readJsonLines(socket, (message) => handleRequest(client, message));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      dropClient(client);
      for (const fifo of fifos) rmSync(fifo, { force: true });
    });
  }).listen(path);
  return path;
}

if (!process.send) {
  process.stderr.write('genrewise ffmpeg launcher: start me from an analysis worker (no IPC channel)\n');
  process.exitCode = 2;
} else {
  process.title = 'genrewise-ffmpeg-launcher';
  const shared = process.argv.includes(SHARED_FLAG);
  const dir = makePrivateFolder(DIR_PREFIX);
  const parent = newClient(send);
  clients.add(parent);
  process.on('disconnect', () => shutDown(dir));
  process.on('message', (message: unknown) => handleRequest(parent, message));
  void makeFifos(shared ? [] : fifoPaths(dir, '')).then((fifos) =>
    send({ type: 'ready', fifos, socket: shared ? serve(dir) : null }),
  );
}
