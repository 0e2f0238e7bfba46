import { useCallback, useEffect, useLayoutEffect, useRef, useState, type DependencyList } from 'react';
import { messageOf } from './errors';

export interface Load<T> {
  /** The answer for the current deps; null until it arrives. An error leaves it as it was. */
  readonly data: T | null;
  /** An answer is awaited: from a change of the deps (or a reload) until it arrives. */
  readonly loading: boolean;
  /** What the last ask threw, as a sentence for people; null again once an answer arrives. */
  readonly error: string | null;
  /**
   * Asks again for the current deps (after a change the answer depends on), keeping what is
   * shown until the answer arrives. Resolves once it answered or was dropped; never rejects.
   */
  reload(): Promise<void>;
  /**
   * True while the deps this render asked for are still the current ones and the component is
   * mounted: for what other calls made from this render answer.
   */
  isCurrent(): boolean;
  /** Shows `data` (what another call answered) in place of the answer, if `isCurrent()`. */
  set(data: T): void;
}

export interface LoadOptions {
  /** Asks this long after the deps last changed, and not at all if they change again before. */
  readonly delayMs?: number;
  /** Keeps the last answer and error shown while the deps change, instead of starting empty. */
  readonly keep?: boolean;
}

function sameDeps(a: DependencyList, b: DependencyList): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}

/**
 * Loads what `load` answers whenever `deps` change (like useEffect's), with the busy flag and the
 * error message: only the latest ask is shown, so an answer arriving after the deps changed
 * again, after a newer ask, or after unmount is dropped.
 */
export function useLoad<T>(load: () => Promise<T>, deps: DependencyList, options: LoadOptions = {}): Load<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const latest = useRef(load);
  const asked = useRef(0); // numbers the asks: only the latest one's answer is shown
  const shown = useRef<DependencyList | null>(null); // the deps asked for; null once unmounted
  const { delayMs, keep } = options;

  useLayoutEffect(() => {
    latest.current = load;
  });

  const ask = useCallback(async (): Promise<void> => {
    const n = ++asked.current;
    setLoading(true);
    try {
      const answer = await latest.current();
      if (n === asked.current) {
        setData(answer);
        setError(null);
      }
    } catch (err) {
      if (n === asked.current) setError(messageOf(err));
    } finally {
      if (n === asked.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    shown.current = deps;
    if (!keep) {
      setData(null);
      setError(null);
    }
    setLoading(true);
    const timer = delayMs === undefined ? undefined : setTimeout(() => void ask(), delayMs);
    if (timer === undefined) void ask();
    return () => {
      shown.current = null;
      asked.current++;
      clearTimeout(timer);
    };
  }, deps); // the caller's deps, as with useEffect

  const isCurrent = (): boolean => shown.current !== null && sameDeps(shown.current, deps);
  const set = (value: T): void => {
    if (!isCurrent()) return;
    asked.current++;
    setData(value);
    setError(null);
    setLoading(false);
  };
  return { data, loading, error, reload: ask, isCurrent, set };
}
