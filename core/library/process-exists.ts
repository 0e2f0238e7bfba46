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
