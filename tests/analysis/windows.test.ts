import { describe, expect, it } from 'vitest';
import {
  planWindows,
  TooShortError,
  windowCount,
  WINDOW_SEC,
  type AnalysisWindow,
} from '../../core/analysis/windows.js';

function windowsOf(duration: number): readonly AnalysisWindow[] {
  const plan = planWindows(duration);
  if (plan.kind !== 'windows') throw new Error(`expected windows for ${duration} s, got whole`);
  return plan.windows;
}

describe('window policy', () => {
  it('refuses tracks under 3 s as too short to analyse', () => {
    expect(() => planWindows(2.99)).toThrow(TooShortError);
    expect(() => planWindows(0)).toThrow('too short to analyse');
    expect(() => planWindows(Number.NaN)).toThrow(TooShortError);
    expect(planWindows(3)).toEqual({ kind: 'whole' });
  });

  it('analyses tracks up to 30 s whole, and anything whole with --whole', () => {
    expect(planWindows(12)).toEqual({ kind: 'whole' });
    expect(planWindows(30)).toEqual({ kind: 'whole' });
    expect(planWindows(7200, 'whole')).toEqual({ kind: 'whole' });
    expect(() => planWindows(1, 'whole')).toThrow(TooShortError);
  });

  it('uses one window per started 100 s, between 1 and 5', () => {
    expect([30.1, 60, 100, 100.1, 200, 240, 300, 301, 400, 401, 600, 7200].map(windowCount)).toEqual([
      1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 5,
    ]);
  });

  it('centres one window on a track whose middle 80 % is shorter than a window', () => {
    expect(windowsOf(31)).toEqual([{ index: 0, startSec: 0.5, durationSec: 30 }]);
    expect(windowsOf(36)).toEqual([{ index: 0, startSec: 3, durationSec: 30 }]);
  });

  it("places a 4-minute track's 3 windows in the middle of equal parts of 10 %–90 %", () => {
    // span 24..216 s cut in 3 parts of 64 s: centres 56, 120, 184.
    expect(windowsOf(240)).toEqual([
      { index: 0, startSec: 41, durationSec: 30 },
      { index: 1, startSec: 105, durationSec: 30 },
      { index: 2, startSec: 169, durationSec: 30 },
    ]);
  });

  it('gives a 2-hour mix 5 windows spread over its middle', () => {
    const w = windowsOf(7200);
    expect(w.map((x) => x.startSec)).toEqual([1281, 2433, 3585, 4737, 5889]);
  });

  it('keeps every window inside the track, inside 10 %–90 % when it fits, non-overlapping, on a 0.1 s grid', () => {
    for (let tenths = 301; tenths <= 20_000; tenths += 37) {
      const d = tenths / 10;
      const w = windowsOf(d);
      expect(w).toHaveLength(windowCount(d));
      for (const [i, x] of w.entries()) {
        expect(x.index).toBe(i);
        expect(x.durationSec).toBe(WINDOW_SEC);
        expect(x.startSec).toBeGreaterThanOrEqual(0);
        expect(x.startSec + WINDOW_SEC).toBeLessThanOrEqual(d);
        expect(Math.abs(x.startSec * 10 - Math.round(x.startSec * 10))).toBeLessThan(1e-9);
        if (d * 0.8 >= WINDOW_SEC) {
          expect(x.startSec).toBeGreaterThanOrEqual(d * 0.1 - 0.05);
          expect(x.startSec + WINDOW_SEC).toBeLessThanOrEqual(d * 0.9 + 0.05);
        }
        if (i > 0) expect(x.startSec).toBeGreaterThanOrEqual(w[i - 1]!.startSec + WINDOW_SEC);
      }
    }
  });

  it('is deterministic', () => {
    expect(planWindows(1234.5)).toEqual(planWindows(1234.5));
  });
});
