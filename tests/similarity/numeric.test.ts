import { describe, expect, it } from 'vitest';
import { neighbourAgreement, outOfFoldAgreement } from '../../core/similarity/agreement.js';
import { fitDiscriminant, scatter, shrunk } from '../../core/similarity/discriminant.js';
import { symmetricEigen } from '../../core/similarity/eigen.js';
import { matrixFromRows, rowOf, selectRows } from '../../core/similarity/matrix.js';
import { nearestRows } from '../../core/similarity/nearest.js';
import { nearestNeighbourPath } from '../../core/similarity/path-walk.js';
import { principalComponents } from '../../core/similarity/pca.js';
import { logColumns, poolWindows } from '../../core/similarity/pooling.js';
import { project } from '../../core/similarity/projection.js';
import { columnScale, standardise } from '../../core/similarity/standardise.js';

const close = (actual: ArrayLike<number>, expected: readonly number[], digits = 5): void => {
  expect(actual.length).toBe(expected.length);
  expected.forEach((v, i) => expect(actual[i]).toBeCloseTo(v, digits));
};

describe('pooling', () => {
  it('averages the windows and reads the variance columns as log(1 + x)', () => {
    const logged = logColumns(['tempo', 'rms_var', 'mfcc1_mean']);
    expect(logged).toEqual([false, true, false]);
    const pooled = poolWindows(
      [
        [100, 1, -2],
        [140, 5, 4],
      ],
      logged,
    );
    close(pooled, [120, Math.log(4), 1], 12);
  });

  it('clamps a negative variance to 0 and refuses a track without windows', () => {
    close(poolWindows([[-3]], [true]), [0]);
    expect(() => poolWindows([], [])).toThrow(RangeError);
  });
});

describe('standardise', () => {
  it('gives z-scores with the population spread, and 0 for a flat column', () => {
    const m = matrixFromRows([
      [1, 7],
      [3, 7],
      [5, 7],
    ]);
    const scale = columnScale(m);
    close(scale.mean, [3, 7]);
    close(scale.sd, [Math.sqrt(8 / 3), 1]);
    close(standardise(m).data, [-2 / Math.sqrt(8 / 3), 0, 0, 0, 2 / Math.sqrt(8 / 3), 0]);
  });
});

describe('symmetricEigen', () => {
  it('finds the eigenvalues and eigenvectors of a known matrix', () => {
    // [[2, 1], [1, 2]]: eigenvalues 3 (along (1, 1)) and 1 (along (1, −1)).
    const { values, vectors } = symmetricEigen([2, 1, 1, 2], 2);
    close(values, [3, 1], 12);
    expect(Math.abs(vectors[0]!)).toBeCloseTo(Math.SQRT1_2, 12);
    expect(vectors[0]! * vectors[2]!).toBeCloseTo(0.5, 12);
    expect(vectors[1]! * vectors[3]!).toBeCloseTo(-0.5, 12);
  });

  it('reconstructs a 3 × 3 matrix from its decomposition', () => {
    const a = [4, 1, -2, 1, 2, 0, -2, 0, 3];
    const { values, vectors } = symmetricEigen(a, 3);
    // Characteristic polynomial of a: λ³ − 9λ² + 21λ − 13 = (λ − 1)(λ² − 8λ + 13).
    close(values, [4 + Math.sqrt(3), 4 - Math.sqrt(3), 1], 10);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += vectors[i * 3 + k]! * values[k]! * vectors[j * 3 + k]!;
        expect(s).toBeCloseTo(a[i * 3 + j]!, 10);
      }
  });
});

describe('nearestRows', () => {
  const m = matrixFromRows([
    [0, 0],
    [3, 4],
    [1, 0],
    [0, 2],
    [1, 0],
  ]);

  it('returns the k nearest rows, closest first, with Euclidean distances and ties by row', () => {
    expect(nearestRows(m, [0, 0], 3)).toEqual([
      { row: 0, distance: 0 },
      { row: 2, distance: 1 },
      { row: 4, distance: 1 },
    ]);
  });

  it('skips rows and never returns more rows than exist', () => {
    const all = nearestRows(m, [0, 0], 10, (r) => r === 0);
    expect(all.map((n) => n.row)).toEqual([2, 4, 3, 1]);
    expect(all[3]!.distance).toBe(5);
  });
});

describe('nearestNeighbourPath', () => {
  it('walks to the nearest unvisited row each step, starting at the seed', () => {
    const line = matrixFromRows([[0], [10], [1], [3], [6]]);
    const path = nearestNeighbourPath(line, 2, 5);
    expect(path.map((p) => p.row)).toEqual([2, 0, 3, 4, 1]);
    expect(path.map((p) => p.step)).toEqual([0, 1, 3, 3, 4]);
  });

  it('stops at the requested length', () => {
    expect(nearestNeighbourPath(matrixFromRows([[0], [1], [2]]), 0, 2).map((p) => p.row)).toEqual([0, 1]);
  });
});

describe('principalComponents', () => {
  it('puts points on the line y = 2x on the first component with all the variance', () => {
    const m = matrixFromRows([
      [-2, -4],
      [-1, -2],
      [0, 0],
      [1, 2],
      [2, 4],
    ]);
    const { coordinates, explained } = principalComponents(m, 2);
    close(explained, [1, 0]);
    // Projections onto (1, 2)/√5: x · √5.
    close(
      Array.from({ length: 5 }, (_, i) => coordinates.data[i * 2]!),
      [-2, -1, 0, 1, 2].map((x) => x * Math.sqrt(5)),
      5,
    );
  });
});

describe('fitDiscriminant', () => {
  // Two genres, within-genre spread larger along y, means apart along x and y.
  const rows = [
    [0, 0],
    [1, 2],
    [-1, -2],
    [1, -1],
    [-1, 1],
    [4, 1],
    [5, 3],
    [3, -1],
    [5, 0],
    [3, 2],
  ];
  const labels = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1];
  const m = matrixFromRows(rows);

  it('whitens the within-genre scatter', () => {
    const p = fitDiscriminant(m, labels, { residualWeight: 1, shrinkage: 0 });
    const { within } = scatter(project(m, p), labels);
    close(within, [1, 0, 0, 1], 5);
  });

  it("points its first direction along Fisher's S_w⁻¹ (m₁ − m₀)", () => {
    const p = fitDiscriminant(m, labels, { residualWeight: 0, shrinkage: 0 });
    expect(p.outDim).toBe(1);
    const { within } = scatter(m, labels);
    // S_w = [[a, b], [b, c]], m₁ − m₀ = (4, 1).
    const [a, b, , c] = within;
    const det = a! * c! - b! * b!;
    const fisher = [(c! * 4 - b! * 1) / det, (-b! * 4 + a! * 1) / det];
    const cosine =
      (p.weights[0]! * fisher[0]! + p.weights[1]! * fisher[1]!) /
      Math.hypot(p.weights[0]!, p.weights[1]!) /
      Math.hypot(fisher[0]!, fisher[1]!);
    expect(Math.abs(cosine)).toBeCloseTo(1, 10);
  });

  it('shrinks the within-genre scatter towards its mean variance', () => {
    close(shrunk(Float64Array.from([4, 2, 2, 2]), 2, 0.5), [3.5, 1, 1, 2.5], 12);
    // Default λ = d / (4 (d + n)) = 2 / 48: the projection whitens the shrunk scatter, Pᵀ S_λ P = I.
    const p = fitDiscriminant(m, labels, { residualWeight: 1 });
    const sLambda = shrunk(scatter(m, labels).within, 2, 2 / 48);
    const w = p.weights;
    for (let a = 0; a < 2; a++)
      for (let b = 0; b < 2; b++) {
        let v = 0;
        for (let i = 0; i < 2; i++)
          for (let j = 0; j < 2; j++) v += w[i * 2 + a]! * sLambda[i * 2 + j]! * w[j * 2 + b]!;
        expect(v).toBeCloseTo(a === b ? 1 : 0, 10);
      }
  });

  it('needs two genres', () => {
    expect(() =>
      fitDiscriminant(
        m,
        labels.map(() => 0),
      ),
    ).toThrow(/at least 2 genres/);
  });
});

describe('neighbour agreement', () => {
  const m = matrixFromRows([[0], [1], [2], [10], [11], [12]]);

  it('is the share of each row’s k nearest others with its label', () => {
    expect(neighbourAgreement(m, [0, 0, 0, 1, 1, 1], 2)).toBe(1);
    // Row 2's two nearest are rows 1 (same) and 0 (same); with row 2 relabelled, rows 0 and 1 each
    // have one of two neighbours in their genre and row 2 none: (1 + 1 + 0 + 2 + 2 + 2) / 12.
    expect(neighbourAgreement(m, [0, 0, 1, 1, 1, 1], 2)).toBeCloseTo(8 / 12, 12);
  });

  it('fits the metric without the fold it scores', () => {
    const seen: number[][] = [];
    const value = outOfFoldAgreement(
      m,
      [0, 0, 0, 1, 1, 1],
      2,
      [
        [0, 3],
        [1, 4],
        [2, 5],
      ],
      (train) => {
        seen.push([...train]);
        return selectRows(m, [0, 1, 2, 3, 4, 5]);
      },
    );
    expect(seen).toEqual([
      [1, 2, 4, 5],
      [0, 2, 3, 5],
      [0, 1, 3, 4],
    ]);
    expect(value).toBe(1);
  });

  it('views rows without copying', () => {
    expect(Array.from(rowOf(m, 4))).toEqual([11]);
  });
});
