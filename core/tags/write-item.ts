/** One file a batch should write: where it is, what the scan saw, and the genres it should carry. */
export interface WriteItem {
  readonly trackId: number | null;
  readonly path: string;
  /** Size and mtime (ms, truncated) the scan recorded; a file that differs is refused. */
  readonly expectedSize: number;
  readonly expectedMtimeMs: number;
  /**
   * The content fingerprint the scan recorded (library/fingerprint.ts), when there is one: a file
   * edited with its size and mtime put back still differs here, and is refused.
   */
  readonly expectedFingerprint?: string | null;
  /** The complete genre list the file should carry (modes are applied by the caller). */
  readonly genres: readonly string[];
}
