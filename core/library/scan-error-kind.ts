/**
 * Why a file or folder under a library root could not be read. Stored in `scan_errors.kind`;
 * `genrewise errors` and the UI show it with the message.
 */
export type ScanErrorKind =
  /** A zero-byte file. */
  | 'empty'
  /**
   * The file ends before its own headers say it does (an interrupted copy or download): inside
   * the headers, or an MP3 clearly shorter than its header's duration (truncation.ts).
   */
  | 'truncated'
  /** The content is not audio at all (a text or image file with an audio extension). */
  | 'not-audio'
  /** An audio container the tag reader rejected for another reason (malformed structures). */
  | 'corrupt'
  /** The operating system refused access. */
  | 'permission'
  /** Any other I/O failure: vanished during the scan, I/O error, dangling symlink. */
  | 'unreadable'
  /** The name is not valid UTF-8: the library stores paths as text and cannot address it. */
  | 'bad-name'
  /** A symbolic link leads back into a folder already being walked. */
  | 'loop'
  /** A symbolic link leads to a folder outside the library folder: not followed. */
  | 'outside';

export const SCAN_ERROR_KINDS: readonly ScanErrorKind[] = [
  'empty',
  'truncated',
  'not-audio',
  'corrupt',
  'permission',
  'unreadable',
  'bad-name',
  'loop',
  'outside',
];

/**
 * Kinds that depend on the file's bytes only: while size and mtime stay the same a rescan does
 * not read the file again. The others (permissions, I/O) can change without touching the file,
 * so they are retried on every scan.
 */
export function isContentError(kind: ScanErrorKind): boolean {
  return kind === 'empty' || kind === 'truncated' || kind === 'not-audio' || kind === 'corrupt';
}

/** Maps a Node.js system error from open/read/stat/readdir to a kind and a readable message. */
export function describeIoError(err: unknown): { kind: ScanErrorKind; message: string } {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return { kind: 'permission', message: 'permission denied' };
    case 'ENOENT':
      return { kind: 'unreadable', message: 'no such file (deleted during the scan, or a dangling symbolic link)' };
    case 'ELOOP':
      return { kind: 'loop', message: 'too many levels of symbolic links' };
    case 'EIO':
      return { kind: 'unreadable', message: 'input/output error (failing disk or disconnected drive?)' };
    case 'ENAMETOOLONG':
      return { kind: 'bad-name', message: 'file name too long' };
    default:
      return { kind: 'unreadable', message: (err as Error | undefined)?.message ?? String(err) };
  }
}
