import { ApiError } from '../../../shared/api/contract';

/** A sentence for people from whatever a call threw. */
export function messageOf(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}

export function isUnauthorised(err: unknown): boolean {
  return err instanceof ApiError && err.code === 'unauthorized';
}
