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
