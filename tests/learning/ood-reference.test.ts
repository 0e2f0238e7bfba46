import { describe, expect, it } from 'vitest';
import { leaveOneTrackOutDistances, trackOodReference } from '../../core/learning/ood-reference.js';
import { leaveOneOutDistances, oodScores, percentile } from '../../core/model/ood.js';

describe('OOD reference measured across tracks', () => {
  // Three tracks on a line: A at 0 and 0.1, B at 10 and 10.5, C at 20.
  const rows = [[0], [0.1], [10], [10.5], [20]];
  const groups = [0, 0, 1, 1, 2];

  it('measures each window against the windows of other tracks only', () => {
    expect(leaveOneTrackOutDistances(rows, groups, 1)).toEqual(
      [10, 9.9, 9.9, 9.5, 9.5].map((d) => expect.closeTo(d, 12)),
    );
    expect(leaveOneTrackOutDistances(rows, groups, 2)).toEqual(
      [10.25, 10.15, 9.95, 9.95, 9.75].map((d) => expect.closeTo(d, 12)),
    );
    // Counting a window's own track, its sibling would be its nearest neighbour: 0.1 instead of 10.
    expect(leaveOneOutDistances(rows, 1)[0]).toBeCloseTo(0.1, 12);
    expect(() => leaveOneTrackOutDistances(rows, groups, 4)).toThrow(/fewer than k = 4/);
  });

  it('divides by the percentile of those distances, so a new track like the others scores about 1', () => {
    const reference = trackOodReference(rows, groups, { k: 1, percentile: 50 });
    expect(reference.threshold).toBe(Number(percentile([10, 9.9, 9.9, 9.5, 9.5], 50).toPrecision(6)));
    expect(reference.rows).toEqual(rows);
    const [between, far] = oodScores(reference, [[15], [60]]);
    expect(between).toBeCloseTo(4.5 / 9.9, 6); // nearest: B at 10.5
    expect(far).toBeCloseTo(40 / 9.9, 6);
  });
});
