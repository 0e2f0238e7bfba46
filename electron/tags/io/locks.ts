import { readFile } from 'node:fs/promises';

/**
 * Locks other programs hold on a file, as far as the operating system lets plain Node see them.
 *
 * Detected:
 * - Linux: flock(), POSIX fcntl and OFD locks and leases held by other processes, from
 *   /proc/locks (matched by device and inode; our own process's locks are ignored).
 * - Windows: a program that opened the file without sharing makes our open or rename fail with
 *   EBUSY/EPERM, which the pipeline reports as "locked".
 * Not detected: a program that merely keeps the file open (no lock) on Linux or macOS, and
 * advisory locks on macOS (no /proc). Such a program keeps reading or writing the old inode
 * after our rename; the new version on disk is complete either way.
 */
export interface HeldLock {
  readonly type: string;
  readonly access: string;
  readonly pid: number;
}

/** Linux's dev_t layout (glibc major()/minor()). */
function majorMinor(dev: number): [number, number] {
  const d = BigInt(dev);
  const major = Number(((d >> 8n) & 0xfffn) | ((d >> 32n) & ~0xfffn));
  const minor = Number((d & 0xffn) | ((d >> 12n) & ~0xffn));
  return [major, minor];
}

export function parseProcLocks(text: string, dev: number, ino: number, ownPid: number): HeldLock[] {
  const [major, minor] = majorMinor(dev);
  const held: HeldLock[] = [];
  for (const line of text.split('\n')) {
    // "1: FLOCK  ADVISORY  WRITE 1234 08:02:917413 0 EOF"; waiters are marked "->".
    const fields = line.trim().split(/\s+/);
    if (fields.length < 6 || fields[1] === '->') continue;
    const [, type, , access, pidText, id] = fields as [string, string, string, string, string, string];
    const parts = id.split(':');
    if (parts.length !== 3) continue;
    const [maj, min, inode] = parts as [string, string, string];
    if (parseInt(maj, 16) !== major || parseInt(min, 16) !== minor || Number(inode) !== ino) continue;
    const pid = Number(pidText);
    if (pid === ownPid) continue;
    held.push({ type, access, pid });
  }
  return held;
}

/** Locks held by other processes on the file with this device and inode ([] where undetectable). */
export async function locksHeldByOthers(dev: number, ino: number): Promise<HeldLock[]> {
  if (process.platform !== 'linux') return [];
  let text: string;
  try {
    text = await readFile('/proc/locks', 'utf8');
  } catch {
    return [];
  }
  return parseProcLocks(text, dev, ino, process.pid);
}
