import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RestGate } from '../../renderer/src/lib/rest-gate';

describe('rest gate', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const gate = (perTask?: number): RestGate => new RestGate(250, perTask, () => Date.now());

  it('runs a piece once it has waited, when nothing moves', () => {
    const g = gate();
    const run = vi.fn();
    g.after(run);
    vi.advanceTimersByTime(249);
    expect(run).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(run).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1_000);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('holds every piece while things keep moving, and runs them all once they rest', () => {
    const g = gate();
    const runs = [vi.fn(), vi.fn(), vi.fn()];
    for (const run of runs) {
      g.after(run);
      g.moved();
      vi.advanceTimersByTime(100);
    }
    for (let i = 0; i < 10; i++) {
      g.moved();
      vi.advanceTimersByTime(100);
    }
    expect(runs.every((run) => run.mock.calls.length === 0)).toBe(true);
    vi.advanceTimersByTime(150);
    expect(runs.every((run) => run.mock.calls.length === 1)).toBe(true);
  });

  it('still makes a piece wait its own time when the rest came first', () => {
    const g = gate();
    g.moved();
    vi.advanceTimersByTime(1_000);
    const run = vi.fn();
    g.after(run);
    vi.advanceTimersByTime(200);
    expect(run).not.toHaveBeenCalled();
    vi.advanceTimersByTime(50);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('never runs a cancelled piece', () => {
    const g = gate();
    const run = vi.fn();
    const kept = vi.fn();
    g.after(run)();
    g.after(kept);
    vi.advanceTimersByTime(1_000);
    expect(run).not.toHaveBeenCalled();
    expect(kept).toHaveBeenCalledTimes(1);
  });

  it('runs a few pieces a task, and holds the rest again when things move meanwhile', () => {
    const g = gate(4);
    const runs = Array.from({ length: 10 }, () => vi.fn());
    for (const run of runs) g.after(run);
    const ran = (): number => runs.filter((run) => run.mock.calls.length === 1).length;
    vi.advanceTimersByTime(250);
    expect(ran()).toBe(4);
    g.moved();
    vi.advanceTimersByTime(249);
    expect(ran()).toBe(4);
    vi.advanceTimersByTime(1);
    expect(ran()).toBe(8);
    vi.advanceTimersByTime(4); // the next task
    expect(ran()).toBe(10);
  });
});
