import { utilityProcess } from 'electron';
import type { WorkerExit, WorkerHandle, WorkerSpawner } from '../../core/analysis/pool.js';
import type { WorkerRequest } from '../../core/analysis/protocol.js';

/**
 * Starts analysis workers as Electron utility processes: the same worker module the CLI forks,
 * off the main process so decoding and feature extraction never stall the window.
 */
export function utilityWorkerSpawner(workerPath: string): WorkerSpawner {
  return (): WorkerHandle => {
    const child = utilityProcess.fork(workerPath, [], { serviceName: 'Genrewise analysis', stdio: 'pipe' });
    let stderrTail = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderrTail = (stderrTail + chunk.toString()).slice(-4096);
    });
    const exitListeners: ((exit: WorkerExit) => void)[] = [];
    let exited = false;
    child.on('exit', (code) => {
      if (exited) return;
      exited = true;
      for (const listener of exitListeners) listener({ code, signal: null, detail: stderrTail });
    });
    return {
      get pid() {
        return child.pid;
      },
      send(message: WorkerRequest) {
        if (exited) throw new Error('worker has exited');
        child.postMessage(message);
      },
      onMessage(listener) {
        child.on('message', listener);
      },
      onExit(listener) {
        exitListeners.push(listener);
      },
      kill() {
        if (!exited) child.kill();
      },
    };
  };
}
