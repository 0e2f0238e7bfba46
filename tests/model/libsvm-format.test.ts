import { beforeAll, describe, expect, it } from 'vitest';
import { getLibsvm } from '../../core/model/libsvm.js';
import { LibsvmFormatError, densify, parseLibsvmModel, type LibsvmModel } from '../../core/model/libsvm-format.js';
import { blobs, fitScaler, standardise } from './toy-data.js';

/** libsvm's decision value for class pair p: Σ coef·K(x, sv) − rho[p], from the parsed structure. */
function decisionValues(model: LibsvmModel, x: readonly number[]): number[] {
  const kernel = model.supportVectors.map((sv) => {
    const dense = densify(sv, x.length);
    const d2 = dense.reduce((s, v, j) => s + (v - (x[j] ?? 0)) ** 2, 0);
    return Math.exp(-model.kernel.gamma * d2);
  });
  const start: number[] = [];
  model.nrSv.reduce((offset, n, i) => ((start[i] = offset), offset + n), 0);
  const values: number[] = [];
  let p = 0;
  for (let i = 0; i < model.nrClass; i++) {
    for (let j = i + 1; j < model.nrClass; j++) {
      let sum = 0;
      for (let s = 0; s < (model.nrSv[i] ?? 0); s++)
        sum += (model.svCoef[j - 1]?.[(start[i] ?? 0) + s] ?? 0) * (kernel[(start[i] ?? 0) + s] ?? 0);
      for (let s = 0; s < (model.nrSv[j] ?? 0); s++)
        sum += (model.svCoef[i]?.[(start[j] ?? 0) + s] ?? 0) * (kernel[(start[j] ?? 0) + s] ?? 0);
      values.push(sum - (model.rho[p] ?? 0));
      p++;
    }
  }
  return values;
}

/** libsvm's one-vs-one vote: the label with most pairwise wins, ties to the earlier label. */
function vote(model: LibsvmModel, x: readonly number[]): number {
  const votes = new Array<number>(model.nrClass).fill(0);
  const dec = decisionValues(model, x);
  let p = 0;
  for (let i = 0; i < model.nrClass; i++) {
    for (let j = i + 1; j < model.nrClass; j++) {
      votes[(dec[p] ?? 0) > 0 ? i : j]! += 1;
      p++;
    }
  }
  const best = votes.indexOf(Math.max(...votes));
  return model.labels[best] ?? -1;
}

describe('libsvm text model parser', () => {
  // Class 2 appears first, then 0, then 1, then 3: libsvm's label order is 2 0 1 3.
  const data = blobs([2, 0, 1, 3], 15, 5);
  const rows = standardise(data.rows, fitScaler(data.rows));
  let text = '';
  let model: LibsvmModel;

  beforeAll(async () => {
    const libsvm = await getLibsvm();
    text = libsvm.train(rows, data.classes, { c: 2, gamma: 0.2, probability: true });
    model = parseLibsvmModel(text);
  });

  it('reads the header of a model trained by libsvm-js', () => {
    expect(model.svmType).toBe('c_svc');
    expect(model.kernel).toEqual({ type: 'rbf', gamma: 0.2, coef0: 0, degree: 0 });
    expect(model.nrClass).toBe(4);
    expect(model.labels).toEqual([2, 0, 1, 3]);
    expect(model.rho).toHaveLength(6);
    expect(model.probA).toHaveLength(6);
    expect(model.probB).toHaveLength(6);
    expect(model.nrSv.reduce((a, b) => a + b, 0)).toBe(model.totalSv);
    expect(model.supportVectors).toHaveLength(model.totalSv);
    expect(model.svCoef).toHaveLength(3);
    for (const column of model.svCoef) expect(column).toHaveLength(model.totalSv);
  });

  it('groups support vectors by class in label order, each a training row of that class', () => {
    let offset = 0;
    model.nrSv.forEach((count, position) => {
      for (let s = offset; s < offset + count; s++) {
        const sv = densify(model.supportVectors[s]!, 5);
        // libsvm writes values with 8 significant digits.
        const match = rows.findIndex((r) =>
          r.every((v, j) => Math.abs(v - (sv[j] ?? 0)) <= 1e-7 * Math.max(1, Math.abs(v))),
        );
        expect(match).toBeGreaterThanOrEqual(0);
        expect(data.classes[match]).toBe(model.labels[position]);
      }
      offset += count;
    });
  });

  it('keeps the dual constraint Σ αᵢyᵢ = 0 of every class pair (coefficient layout)', () => {
    const start = [0];
    model.nrSv.forEach((n, i) => start.push((start[i] ?? 0) + n));
    for (let i = 0; i < 4; i++) {
      for (let j = i + 1; j < 4; j++) {
        let sum = 0;
        for (let s = start[i]!; s < start[i + 1]!; s++) sum += model.svCoef[j - 1]![s]!;
        for (let s = start[j]!; s < start[j + 1]!; s++) sum += model.svCoef[i]![s]!;
        expect(Math.abs(sum)).toBeLessThan(1e-9);
      }
    }
  });

  it("gives back libsvm's own predictions when its decision function is evaluated by hand", async () => {
    const libsvm = await getLibsvm();
    const predicted = libsvm.predict(text, rows);
    expect(rows.map((r) => vote(model, r))).toEqual(predicted);
  });
});

describe('libsvm text model parser on hand-written models', () => {
  const linear = [
    'svm_type c_svc',
    'kernel_type linear',
    'nr_class 2',
    'total_sv 2',
    'rho 0.5',
    'label 1 0',
    'nr_sv 1 1',
    'SV',
    '1 1:0.25 3:2 ',
    '-1 2:-1.5e-3',
    '',
  ].join('\n');

  it('reads sparse support vectors: libsvm leaves out zero values', () => {
    const model = parseLibsvmModel(linear);
    expect(model.kernel.type).toBe('linear');
    expect(model.probA).toBeUndefined();
    expect(model.svCoef).toEqual([[1, -1]]);
    expect(densify(model.supportVectors[0]!, 3)).toEqual([0.25, 0, 2]);
    expect(densify(model.supportVectors[1]!, 3)).toEqual([0, -0.0015, 0]);
  });

  it('accepts Windows line ends', () => {
    expect(parseLibsvmModel(linear.replace(/\n/g, '\r\n')).totalSv).toBe(2);
  });

  it.each([
    ['a missing SV section', linear.replace(/SV\n[\s\S]*/, ''), /no "SV" line/],
    ['a missing header line', linear.replace('rho 0.5\n', ''), /missing header line "rho"/],
    ['too few support vectors', linear.replace('-1 2:-1.5e-3\n', ''), /total_sv is 2 but 1/],
    ['nr_sv not summing up', linear.replace('nr_sv 1 1', 'nr_sv 2 1'), /nr_sv sums to 3/],
    ['an unknown kernel', linear.replace('linear', 'laplace'), /unknown kernel_type "laplace"/],
    ['an unknown header key', linear.replace('rho 0.5', 'rho 0.5\nfoo 1'), /line 6: unknown header key "foo"/],
    ['a bad number', linear.replace('0.25', '0.2x5'), /line 9: feature value: not a finite number/],
    ['descending indices', linear.replace('1:0.25 3:2', '3:2 1:0.25'), /not ascending/],
    ['a wrong rho count', linear.replace('rho 0.5', 'rho 0.5 1'), /rho has 2 values, expected 1/],
  ])('refuses %s with a LibsvmFormatError', (_what, text, message) => {
    expect(() => parseLibsvmModel(text)).toThrow(LibsvmFormatError);
    expect(() => parseLibsvmModel(text)).toThrow(message);
  });

  it('refuses a support vector wider than the model', () => {
    const model = parseLibsvmModel(linear);
    expect(() => densify(model.supportVectors[0]!, 2)).toThrow(/feature index 3 beyond the model's 2 features/);
  });
});
