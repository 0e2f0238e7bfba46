/**
 * The ffmpeg launcher: a small Node process an analysis worker starts once and asks to start
 * each ffmpeg. On Linux Node starts a child by fork(), which copies the parent's page tables;
 * from a worker holding 150–250 MB that costs ~20 ms of CPU per ffmpeg more than from this
 * process, which stays at a few MB. ffmpeg's stdout goes into a FIFO the worker reads, so the
 * samples never pass through here; exit codes and stderr come back over IPC.
 *
 * Run as `process.execPath launcher-process.js` with an IPC channel (ELECTRON_RUN_AS_NODE=1 in
 * its environment under Electron). It imports only Node and the message types. When the
 * worker goes away (its channel closes) it kills the ffmpegs it started, removes its FIFOs and
 * exits; as a member of the worker's process group it also dies when that group is killed.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, open, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isLauncherRequest, type ExitMessage, type LauncherReply, type SpawnMessage } from './launcher-protocol.js';
import { STDERR_TAIL_BYTES } from './ffmpeg-process.js';

const FIFO_COUNT = 4;

const send = (message: LauncherReply): void => {
  if (process.connected) process.send?.(message);
};

const DIR_PREFIX = 'genrewise-ffmpeg-';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Folders left by launchers that were killed (a cancelled run kills the worker's whole group). */
function removeStaleFolders(base: string): void {
  for (const name of readdirSync(base)) {
    if (!name.startsWith(DIR_PREFIX)) continue;
    const pid = Number(/^(\d+)-/.exec(name.slice(DIR_PREFIX.length))?.[1]);
    if (pid > 0 && pid !== process.pid && !isRunning(pid)) rmSync(join(base, name), { recursive: true, force: true });
  }
}

/** A private folder of FIFOs on tmpfs where there is one; none when mkfifo fails. */
function makeFifos(): { dir: string; fifos: string[] } {
  const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  removeStaleFolders(base);
  const dir = mkdtempSync(join(base, `${DIR_PREFIX}${process.pid}-`));
  const fifos = Array.from({ length: FIFO_COUNT }, (_, i) => join(dir, `out-${i}`));
  const made = spawnSync('mkfifo', ['-m', '600', ...fifos], { stdio: 'ignore' });
  return { dir, fifos: made.status === 0 ? fifos : [] };
}

const running = new Map<number, ChildProcess>();
const killed = new Set<number>();

function reply(id: number, code: number | null, stderrTail: string, spawnError: string | null): void {
  const message: ExitMessage = { type: 'exit', id, code, stderrTail, spawnError };
  send(message);
}

function start(request: SpawnMessage, stdout: number | 'ignore'): void {
  if (killed.delete(request.id)) {
    reply(request.id, null, '', null);
    return;
  }
  let child: ChildProcess;
  try {
    child = spawn(request.path, request.args, { stdio: ['ignore', stdout, 'pipe'], windowsHide: true });
  } catch (err) {
    reply(request.id, null, '', err instanceof Error ? err.message : String(err));
    return;
  }
  running.set(request.id, child);
  let stderrTail = '';
  let spawnError: string | null = null;
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-STDERR_TAIL_BYTES);
  });
  child.once('error', (err) => {
    spawnError = err.message;
  });
  child.once('close', (code) => {
    running.delete(request.id);
    reply(request.id, code, stderrTail, spawnError);
  });
}

function handleSpawn(request: SpawnMessage): void {
  if (request.fifo === null) {
    start(request, 'ignore');
    return;
  }
  // Blocks (in libuv's thread pool) until the worker opens the FIFO for reading.
  open(request.fifo, 'w', (err, fd) => {
    if (err) {
      reply(request.id, null, '', `cannot open the output FIFO: ${err.message}`);
      return;
    }
    try {
      start(request, fd);
    } finally {
      closeSync(fd); // ffmpeg holds its own copy: when it exits, the worker reads end-of-file.
    }
  });
}

function shutDown(dir: string): never {
  for (const child of running.values()) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

if (!process.send) {
  process.stderr.write('genrewise ffmpeg launcher: start me from an analysis worker (no IPC channel)\n');
  process.exitCode = 2;
} else {
  process.title = 'genrewise-ffmpeg-launcher';
  const { dir, fifos } = makeFifos();
  process.on('disconnect', () => shutDown(dir));
  process.on('message', (message: unknown) => {
    if (!isLauncherRequest(message)) return;
    if (message.type === 'spawn') handleSpawn(message);
    else if (running.has(message.id)) running.get(message.id)?.kill('SIGKILL');
    else killed.add(message.id);
  });
  send({ type: 'ready', fifos });
}
