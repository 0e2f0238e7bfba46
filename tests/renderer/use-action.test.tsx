// @vitest-environment jsdom
import { act, cleanup, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api/contract';
import { useAction } from '../../renderer/src/lib/use-action';

/** A promise the test settles by hand. */
function deferred(): { promise: Promise<void>; resolve(): void; reject(err: unknown): void } {
  let resolve!: () => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('useAction', () => {
  afterEach(() => cleanup());

  it('is busy while the call runs, then resolves to true with no error', async () => {
    const { result } = renderHook(() => useAction());
    const call = deferred();
    let done: Promise<boolean> = Promise.resolve(false);
    act(() => {
      done = result.current.run(() => call.promise);
    });
    expect(result.current.busy).toBe(true);
    await act(async () => {
      call.resolve();
      expect(await done).toBe(true);
    });
    expect(result.current.busy).toBe(false);
    expect(result.current.error).toBeNull();
  });

  it.each([
    ['an API error', new ApiError('conflict', 'The file changed since the scan'), 'The file changed since the scan'],
    ['an Error', new Error('network down'), 'network down'],
    ['anything else', 'plain words', 'plain words'],
  ])('keeps %s as its message, resolves to false and is no longer busy', async (_what, thrown, message) => {
    const { result } = renderHook(() => useAction());
    let ok = true;
    await act(async () => {
      ok = await result.current.run(() => Promise.reject(thrown));
    });
    expect(ok).toBe(false);
    expect(result.current.error).toBe(message);
    expect(result.current.busy).toBe(false);
  });

  it('clears the last error as the next call starts', async () => {
    const { result } = renderHook(() => useAction());
    await act(async () => {
      await result.current.run(() => Promise.reject(new Error('first failed')));
    });
    const call = deferred();
    act(() => {
      void result.current.run(() => call.promise);
    });
    expect(result.current.error).toBeNull();
    await act(async () => call.resolve());
  });

  it('stays busy until the last of two overlapping calls has answered', async () => {
    const { result } = renderHook(() => useAction());
    const first = deferred();
    const second = deferred();
    act(() => {
      void result.current.run(() => first.promise);
      void result.current.run(() => second.promise);
    });
    await act(async () => first.resolve());
    expect(result.current.busy).toBe(true);
    await act(async () => second.reject(new Error('second failed')));
    expect(result.current.busy).toBe(false);
    expect(result.current.error).toBe('second failed');
  });

  it('shows a failure from outside run with the same wording, and clears it on request', () => {
    const { result } = renderHook(() => useAction());
    act(() => result.current.fail(new ApiError('not-found', 'No track 7')));
    expect(result.current.error).toBe('No track 7');
    act(() => result.current.clearError());
    expect(result.current.error).toBeNull();
  });

  it('hands out the same functions on every render, so effects can depend on them', async () => {
    const { result } = renderHook(() => useAction());
    const { run, fail, clearError } = result.current;
    await act(async () => {
      await run(() => Promise.reject(new Error('x')));
    });
    expect(result.current.run).toBe(run);
    expect(result.current.fail).toBe(fail);
    expect(result.current.clearError).toBe(clearError);
  });
});
