import { useCallback, useState } from 'react';
import { messageOf } from './errors';

export interface Action {
  /** A call started by `run` is still on its way. */
  readonly busy: boolean;
  /** What the last failed call threw, as a sentence for people; null once cleared. */
  readonly error: string | null;
  /**
   * Clears the error, runs `call` with `busy` set, and keeps what it throws as the error.
   * Resolves to true when it succeeded, false when it threw; it never rejects.
   */
  run(call: () => Promise<unknown>): Promise<boolean>;
  /** Shows what `err` says as the error: for failures outside `run`, such as a load. */
  fail(err: unknown): void;
  clearError(): void;
}

/**
 * The busy flag and the error message of a component's calls to the backend: one place that
 * sets busy, clears the last error, and turns what a call throws into the message shown.
 * `busy` counts the calls on their way, so it stays set until the last one has answered.
 */
export function useAction(): Action {
  const [pending, setPending] = useState(0);
  const [error, setError] = useState<string | null>(null);

  const run = useCallback(async (call: () => Promise<unknown>): Promise<boolean> => {
    setPending((n) => n + 1);
    setError(null);
    try {
      await call();
      return true;
    } catch (err) {
      setError(messageOf(err));
      return false;
    } finally {
      setPending((n) => n - 1);
    }
  }, []);
  const fail = useCallback((err: unknown) => setError(messageOf(err)), []);
  const clearError = useCallback(() => setError(null), []);

  return { busy: pending > 0, error, run, fail, clearError };
}
