/** Exit codes every command shares: the contract scripts rely on. */
export const EXIT_OK = 0;
/** The job finished but some files could not be handled (see `genrewise errors`). */
export const EXIT_PARTIAL = 1;
/** Bad usage or a fatal error: nothing (more) was done. */
export const EXIT_FAILURE = 2;

/** Stopped by Ctrl-C (128 + SIGINT, as shells report it): what was done is kept, rerun to finish. */
export const EXIT_INTERRUPTED = 130;

/** Wrong arguments: printed as one line with a pointer to --help, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A failure that stops the whole command (not a per-file error), exit 2. */
export class FatalError extends Error {
  override name = 'FatalError';
}
