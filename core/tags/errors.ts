/**
 * Why a tag write was refused or failed. Every kind leaves the original file untouched; the kind
 * tells the UI and the CLI what the user can do about it.
 */
export type TagWriteErrorKind =
  /** The file or its folder is not writable for us (permissions, read-only attribute or mount). */
  | 'read-only'
  /** Size or mtime differ from what the scan recorded: the user's edit must not be overwritten. */
  | 'changed-since-scan'
  /** The original changed while we were preparing the new version. */
  | 'changed-during-write'
  /** Another program holds a lock on the file or the OS reports it busy. */
  | 'locked'
  /** The file is gone or is not a regular file. */
  | 'not-found'
  /** The file's real path (symlinks followed) lies outside every library folder. */
  | 'outside-library'
  /** Replacing the file would change its owner (we may not chown the copy). */
  | 'ownership'
  /** A container or tag variant we do not write (documented per format). */
  | 'unsupported'
  /** The file does not parse as the format it claims to be; we never write into damage. */
  | 'corrupt'
  /** The disk (or quota) is full. */
  | 'no-space'
  /** The independent reader did not read back exactly the intended genres or other tags changed. */
  | 'verify-failed'
  /** The audio payload hash differs after the write. */
  | 'audio-changed'
  /** Any other I/O error while building or installing the new version. */
  | 'io'
  /** The caller's AbortSignal fired before the new version was installed. */
  | 'cancelled';

export class TagWriteError extends Error {
  override name = 'TagWriteError';
  constructor(
    readonly kind: TagWriteErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Node's system errors carry a string code; anything else has none. */
export function errnoCode(err: unknown): string | undefined {
  if (err && typeof err === 'object' && 'code' in err && typeof (err as { code: unknown }).code === 'string') {
    return (err as { code: string }).code;
  }
  return undefined;
}

/**
 * Maps an I/O error from touching `path` to a TagWriteError with a message a user can act on.
 * `what` names the step ("open", "create the temporary copy", …).
 */
export function ioError(err: unknown, path: string, what: string): TagWriteError {
  if (err instanceof TagWriteError) return err;
  const code = errnoCode(err);
  const detail = err instanceof Error ? err.message : String(err);
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new TagWriteError(
        'no-space',
        `${path}: no space left on the device (${what}); the original is unchanged`,
        { cause: err },
      );
    case 'EROFS':
      return new TagWriteError('read-only', `${path}: the file system is mounted read-only`, { cause: err });
    case 'EACCES':
    case 'EPERM':
      return new TagWriteError('read-only', `${path}: permission denied (${what})`, { cause: err });
    case 'EBUSY':
    case 'ETXTBSY':
      return new TagWriteError('locked', `${path}: the file is in use by another program (${what})`, { cause: err });
    case 'ENOENT':
      return new TagWriteError('not-found', `${path}: no longer exists (${what})`, { cause: err });
    default:
      return new TagWriteError('io', `${path}: cannot ${what}: ${detail}`, { cause: err });
  }
}

/** A batch-level refusal (nothing to undo, already undone, another batch running): nothing was written. */
export class BatchError extends Error {
  override name = 'BatchError';
}

/** Errors from malformed data (out-of-range reads) are damage in the file; the rest I/O. */
export function asTagWriteError(err: unknown, path: string): TagWriteError {
  if (err instanceof TagWriteError) return err;
  if (errnoCode(err) !== undefined) return ioError(err, path, 'write');
  if (err instanceof RangeError)
    return new TagWriteError('corrupt', `${path}: unreadable file structure (${err.message})`, { cause: err });
  return new TagWriteError('io', `${path}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
}
