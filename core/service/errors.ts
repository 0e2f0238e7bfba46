import { ApiError, KindedError } from '../../shared/api/contract.js';

/**
 * Every error leaving the service is an ApiError whose code is typed: an ApiError as thrown, a
 * core error that a caller can fix (KindedError) with its own kind, anything else 'internal'.
 */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof KindedError) return new ApiError(err.kind, err.message);
  return new ApiError('internal', err instanceof Error ? err.message : String(err));
}

export function badRequest(message: string): never {
  throw new ApiError('bad-request', message);
}

export function notFound(message: string): never {
  throw new ApiError('not-found', message);
}
