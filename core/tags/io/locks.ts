import { readFileSync } from 'node:fs';

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
export function majorMinor(dev: number): [number, number] {
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

/**
 * Reading /proc/locks costs up to several ms on a busy machine; a batch writing 50 files a second
 * reuses one reading for this long. A lock taken within that window before our check is missed,
 * as is any lock taken after it: advisory locks can only ever be checked, not held off.
 */
const TABLE_TTL_MS = 200;
let cached: { text: string; at: number } | null = null;

function readLockTable(now: number): string | null {
  try {
    // A kernel-generated table: a synchronous read keeps it out of the libuv thread pool, which
    // the copies and fsyncs of concurrent writes keep busy.
    cached = { text: readFileSync('/proc/locks', 'utf8'), at: now };
    return cached.text;
  } catch {
    return null;
  }
}

function lockTable(now: number): string | null {
  if (cached && now - cached.at < TABLE_TTL_MS) return cached.text;
  return readLockTable(now);
}

/**
 * Locks held by other processes on the file with this device and inode ([] where undetectable).
 * A hit in a cached table is confirmed against a fresh one: within the cache's lifetime another
 * program may have closed a locked file, deleted it, and its inode gone to a new file (a temp
 * library database in /tmp becoming a track's inode), which would refuse a file nobody holds.
 */
export function locksHeldByOthers(dev: number, ino: number, now: number = Date.now()): HeldLock[] {
  if (process.platform !== 'linux') return [];
  const fromCache = cached !== null && now - cached.at < TABLE_TTL_MS;
  const text = lockTable(now);
  if (text === null) return [];
  const held = parseProcLocks(text, dev, ino, process.pid);
  if (held.length === 0 || !fromCache) return held;
  const fresh = readLockTable(now);
  return fresh === null ? [] : parseProcLocks(fresh, dev, ino, process.pid);
}

/** For tests: replace the cached table as if it had been read at `at`. */
export function primeLockTableForTest(text: string, at: number): void {
  cached = { text, at };
}
