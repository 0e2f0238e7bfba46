// @vitest-environment jsdom
import { act, cleanup, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../shared/api/contract';
import { useLoad, type LoadOptions } from '../../renderer/src/lib/use-load';
import { settle } from './settle';

/** A promise the test settles by hand. */
interface Deferred {
  readonly promise: Promise<string>;
  resolve(value: string): void;
  reject(err: unknown): void;
}

function deferred(): Deferred {
  let resolve!: (value: string) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<string>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A backend whose every ask waits until the test answers it; `asks` lists them in order. */
function backend(): { asks: { id: number; answer: Deferred }[]; load(id: number): Promise<string> } {
  const asks: { id: number; answer: Deferred }[] = [];
  return {
    asks,
    load(id) {
      const answer = deferred();
      asks.push({ id, answer });
      return answer.promise;
    },
  };
}

function renderLoad(id: number, b: ReturnType<typeof backend>, options?: LoadOptions) {
  return renderHook(({ id }) => useLoad(() => b.load(id), [id], options), { initialProps: { id } });
}

describe('useLoad', () => {
  afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
  });

  it('shows the answer for the current id, loading until it arrives', async () => {
    const b = backend();
    const { result } = renderLoad(1, b);
    expect(result.current).toMatchObject({ data: null, loading: true, error: null });
    expect(b.asks.map((a) => a.id)).toEqual([1]);
    await act(async () => b.asks[0]?.answer.resolve('one'));
    expect(result.current).toMatchObject({ data: 'one', loading: false, error: null });
  });

  it('ignores a late answer for the id before, whichever order they arrive in', async () => {
    const b = backend();
    const { result, rerender } = renderLoad(1, b);
    rerender({ id: 2 });
    expect(result.current.data).toBeNull();
    await act(async () => b.asks[1]?.answer.resolve('two'));
    await act(async () => b.asks[0]?.answer.resolve('one'));
    expect(result.current).toMatchObject({ data: 'two', loading: false });

    rerender({ id: 3 });
    await act(async () => b.asks[2]?.answer.reject(new Error('late failure for 3')));
    rerender({ id: 4 });
    // The change of id starts empty; the failure for 3 is not kept.
    expect(result.current).toMatchObject({ data: null, loading: true, error: null });
  });

  it('drops an answer after unmount, and its isCurrent says so', async () => {
    const error = vi.spyOn(console, 'error');
    const b = backend();
    const { result, unmount } = renderLoad(1, b);
    const before = result.current;
    expect(before.isCurrent()).toBe(true);
    unmount();
    await act(async () => b.asks[0]?.answer.resolve('one'));
    expect(before.isCurrent()).toBe(false);
    expect(result.current.data).toBeNull();
    expect(error).not.toHaveBeenCalled();
  });

  it.each([
    ['an API error', new ApiError('not-found', 'track 9 is gone'), 'track 9 is gone'],
    ['an Error', new Error('network down'), 'network down'],
    ['anything else', 'plain words', 'plain words'],
  ])('shows %s as its message', async (_what, thrown, message) => {
    const b = backend();
    const { result } = renderLoad(1, b);
    await act(async () => b.asks[0]?.answer.reject(thrown));
    expect(result.current).toMatchObject({ data: null, loading: false, error: message });
  });

  it('asks again on reload, keeping the answer shown until the new one arrives', async () => {
    const b = backend();
    const { result } = renderLoad(1, b);
    await act(async () => b.asks[0]?.answer.resolve('one'));
    let reloaded: Promise<void> = Promise.resolve();
    act(() => {
      reloaded = result.current.reload();
    });
    expect(b.asks.map((a) => a.id)).toEqual([1, 1]);
    expect(result.current).toMatchObject({ data: 'one', loading: true });
    await act(async () => b.asks[1]?.answer.reject(new Error('busy library')));
    expect(result.current).toMatchObject({ data: 'one', loading: false, error: 'busy library' });
    act(() => void result.current.reload());
    await act(async () => {
      b.asks[2]?.answer.resolve('one, changed');
      await reloaded;
    });
    expect(result.current).toMatchObject({ data: 'one, changed', loading: false, error: null });
  });

  it('drops a reload answered after the id changed, and an ask a reload overtook', async () => {
    const b = backend();
    const { result, rerender } = renderLoad(1, b);
    act(() => void result.current.reload());
    await act(async () => b.asks[1]?.answer.resolve('one, reloaded'));
    await act(async () => b.asks[0]?.answer.resolve('one, first'));
    expect(result.current.data).toBe('one, reloaded');

    act(() => void result.current.reload());
    rerender({ id: 2 });
    await act(async () => b.asks[2]?.answer.resolve('one, late'));
    expect(result.current).toMatchObject({ data: null, loading: true });
    await act(async () => b.asks[3]?.answer.resolve('two'));
    expect(result.current.data).toBe('two');
  });

  it('shows what set gives while the render it came from is current, and drops the ask on its way', async () => {
    const b = backend();
    const { result, rerender } = renderLoad(1, b);
    act(() => result.current.set('one, from a decision'));
    await act(async () => b.asks[0]?.answer.resolve('one'));
    expect(result.current).toMatchObject({ data: 'one, from a decision', loading: false });

    const old = result.current;
    rerender({ id: 2 });
    expect(old.isCurrent()).toBe(false);
    act(() => old.set('one, late'));
    expect(result.current.data).toBeNull();
  });

  it('with keep, shows the last answer and error until the next arrives', async () => {
    const b = backend();
    const { result, rerender } = renderLoad(1, b, { keep: true });
    await act(async () => b.asks[0]?.answer.reject(new Error('no library')));
    rerender({ id: 2 });
    expect(result.current).toMatchObject({ data: null, loading: true, error: 'no library' });
    await act(async () => b.asks[1]?.answer.resolve('two'));
    rerender({ id: 3 });
    expect(result.current).toMatchObject({ data: 'two', loading: true, error: null });
  });

  it('with a delay, asks once the id has rested that long, and not after unmount', async () => {
    const b = backend();
    const { result, rerender, unmount } = renderLoad(1, b, { delayMs: 20 });
    rerender({ id: 2 });
    expect(b.asks).toEqual([]);
    expect(result.current.loading).toBe(true);
    await settle(40);
    expect(b.asks.map((a) => a.id)).toEqual([2]);
    rerender({ id: 3 });
    unmount();
    await settle(40);
    expect(b.asks.map((a) => a.id)).toEqual([2]);
  });
});
