import { describe, expect, it } from 'vitest';
import { audioEvidence, groupFactor, isMixed, labelEvidence } from '../../core/learning/group-evidence.js';
import { countsFactor } from '../../core/learning/context-model.js';

describe('group evidence', () => {
  it('a labelled sibling is evidence ρ + (1 − ρ)/K for its genre, (1 − ρ)/K for the others', () => {
    const e = labelEvidence(1, 3, 0.7);
    expect(e[0]).toBeCloseTo(Math.log(0.1), 12);
    expect(e[1]).toBeCloseTo(Math.log(0.8), 12);
    expect(e[2]).toBeCloseTo(Math.log(0.1), 12);
  });

  it("an unlabelled sibling's audio is the mixture, raised to its weight", () => {
    const e = audioEvidence([0.5, 0.5], 0.9, 0.5);
    expect(e[0]).toBeCloseTo(0.5 * Math.log(0.9 * 0.5 + 0.05), 12);
  });

  it('turns summed evidence into f(g) = ρ·P(G = g) + (1 − ρ)/K', () => {
    expect(Array.from(groupFactor([0, 0, 0], 0.9)).map((v) => Number(v.toFixed(12)))).toEqual([
      0.333333333333, 0.333333333333, 0.333333333333,
    ]);
    const f = groupFactor(labelEvidence(0, 2, 0.9), 0.9);
    // P(G) = [0.95, 0.05] → f = [0.9·0.95 + 0.05, 0.9·0.05 + 0.05].
    expect(f[0]).toBeCloseTo(0.905, 12);
    expect(f[1]).toBeCloseTo(0.095, 12);
  });

  it('calls a group mixed when no genre has three quarters of at least two labels', () => {
    expect(isMixed([1, 0])).toBe(false);
    expect(isMixed([3, 1])).toBe(false);
    expect(isMixed([2, 1])).toBe(true);
    expect(isMixed([1, 1, 0])).toBe(true);
  });

  it('the artist factor counts labels the same way, and is none when mixed or empty', () => {
    const f = countsFactor(Int32Array.from([2, 0]), 0.8);
    // evidence: 2·log(0.9) vs 2·log(0.1) → P = [0.81, 0.01]/0.82 → f = 0.8·P + 0.1.
    expect(f?.[0]).toBeCloseTo(0.8 * (0.81 / 0.82) + 0.1, 12);
    expect(countsFactor(Int32Array.from([1, 1]), 0.8)).toBeNull();
    expect(countsFactor(Int32Array.from([0, 0]), 0.8)).toBeNull();
    expect(countsFactor(Int32Array.from([3, 0]), 0)).toBeNull();
  });
});
