/**
 * Whether a process with this pid exists on this machine (signal 0 checks without sending one;
 * EPERM means it exists but belongs to another user). Callers that leave files named after
 * their pid use it to tell a live owner's files from a killed one's.
 */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The pid in a name that `prefix` and then `<pid>-` start (how temp files and folders name the
 * process that made them), or undefined when there is none.
 */
export function ownerPid(name: string, prefix: string): number | undefined {
  if (!name.startsWith(prefix)) return undefined;
  const pid = Number(/^(\d+)-/.exec(name.slice(prefix.length))?.[1]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/**
 * Whether `name` (prefix, then `<pid>-`) was left by a process that is gone: not this one, not one
 * still running. A name with the prefix but no pid counts as left behind when `unowned` says so.
 * The one rule for the temp files and folders such processes clean up after each other.
 */
export function leftByGoneProcess(name: string, prefix: string, unowned: boolean): boolean {
  if (!name.startsWith(prefix)) return false;
  const pid = ownerPid(name, prefix);
  if (pid === undefined) return unowned;
  return pid !== process.pid && !processExists(pid);
}
