/**
 * Why a file could not be turned into samples. Stored with the file's error row, so the reasons
 * are a small closed set a user (and the UI) can act on, not free-form ffmpeg text.
 */
export type DecodeFailureReason =
  /** The file does not exist (any more). */
  | 'missing'
  /** ffmpeg cannot parse the container or stream: not audio, truncated, corrupt, empty. */
  | 'unreadable'
  /** A readable container without an audio stream (a video-only file, a cover-art-only file). */
  | 'no-audio-stream'
  /** The stream decoded to no samples at all, or the requested window lies past the end. */
  | 'no-audio'
  /** ffmpeg failed for another reason; the message carries its last error line. */
  | 'ffmpeg-failed'
  /** ffmpeg did not finish within the decode time limit and was killed. */
  | 'timeout'
  /** More audio than a whole-file analysis may hold in memory (MAX_WHOLE_SEC); decoding stopped. */
  | 'too-long'
  /** The caller cancelled (Ctrl-C, pool shutdown). */
  | 'aborted';

export class DecodeError extends Error {
  override readonly name = 'DecodeError';
  constructor(
    readonly reason: DecodeFailureReason,
    message: string,
  ) {
    super(message);
  }
}

/** No usable ffmpeg: a setup problem that stops a whole run, not a per-file error. */
export class FfmpegNotFoundError extends Error {
  override readonly name = 'FfmpegNotFoundError';
  constructor(
    message: string,
    /** Every candidate tried, with why it was rejected, for the error message and the UI. */
    readonly tried: readonly string[],
  ) {
    super(message);
  }
}
