import { DecodeError, type DecodeFailureReason } from './decode/errors.js';
import { TooShortError } from './windows.js';

/**
 * Why a file has no features, as stored in its error row and sent by workers. A closed set so
 * the UI can group and explain failures; the message carries the details.
 */
export type AnalysisFailureKind =
  | DecodeFailureReason
  /** Shorter than MIN_ANALYSABLE_SEC. */
  | 'too-short'
  /** The extractor threw or produced non-finite values (e.g. digital silence). */
  | 'extract'
  /** The worker process died while analysing this file (native crash, out of memory, killed). */
  | 'crashed'
  /** A bug: an error nobody classified. */
  | 'internal';

export interface AnalysisFailure {
  readonly kind: AnalysisFailureKind;
  readonly message: string;
}

export class ExtractionError extends Error {
  override readonly name = 'ExtractionError';
}

export function toAnalysisFailure(err: unknown): AnalysisFailure {
  if (err instanceof DecodeError) return { kind: err.reason, message: err.message };
  if (err instanceof TooShortError) return { kind: 'too-short', message: err.message };
  if (err instanceof ExtractionError) return { kind: 'extract', message: err.message };
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return { kind: 'internal', message };
}
