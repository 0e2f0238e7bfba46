/**
 * libsvm's text model format (svm_save_model / libsvm-js serializeModel()), parsed into a typed
 * structure so the ONNX export can read the support vectors, coefficients, rho and Platt
 * parameters without going through libsvm itself.
 *
 * Layout: header lines `key value…` up to a line `SV`; then one line per support vector:
 * `nr_class - 1` dual coefficients followed by sparse `index:value` pairs (1-based indices;
 * libsvm leaves out features whose value is exactly 0).
 */

export type LibsvmSvmType = 'c_svc' | 'nu_svc' | 'one_class' | 'epsilon_svr' | 'nu_svr';
export type LibsvmKernelType = 'linear' | 'polynomial' | 'rbf' | 'sigmoid' | 'precomputed';

const SVM_TYPES: readonly LibsvmSvmType[] = ['c_svc', 'nu_svc', 'one_class', 'epsilon_svr', 'nu_svr'];
const KERNEL_TYPES: readonly LibsvmKernelType[] = ['linear', 'polynomial', 'rbf', 'sigmoid', 'precomputed'];

export interface LibsvmKernel {
  readonly type: LibsvmKernelType;
  /** libsvm writes gamma/coef0/degree only for the kernels that use them; absent ones are 0. */
  readonly gamma: number;
  readonly coef0: number;
  readonly degree: number;
}

/** One support vector as libsvm stores it: ascending 1-based feature indices and their values. */
export interface SparseVector {
  readonly indices: readonly number[];
  readonly values: readonly number[];
}

export interface LibsvmModel {
  readonly svmType: LibsvmSvmType;
  readonly kernel: LibsvmKernel;
  readonly nrClass: number;
  readonly totalSv: number;
  /** One per class pair (0,1), (0,2), … (1,2), …; libsvm's decision value is Σ coef·K − rho. */
  readonly rho: readonly number[];
  /** Class labels in libsvm's internal order (first appearance in the training data). */
  readonly labels: readonly number[];
  /** Platt sigmoid parameters per class pair, present when trained with probability estimates. */
  readonly probA?: readonly number[];
  readonly probB?: readonly number[];
  /** Number of support vectors of each class, in `labels` order; the SVs are grouped that way. */
  readonly nrSv: readonly number[];
  readonly supportVectors: readonly SparseVector[];
  /** Dual coefficients: svCoef[j][i] for j < nrClass − 1 and support vector i (libsvm's sv_coef). */
  readonly svCoef: readonly (readonly number[])[];
}

export class LibsvmFormatError extends Error {
  override name = 'LibsvmFormatError';
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(line === undefined ? `libsvm model: ${message}` : `libsvm model, line ${line}: ${message}`);
  }
}

function parseNumber(token: string, what: string, line: number): number {
  // Number('') is 0 and Number(' ') too: only accept what looks like a number.
  const value = token.trim() === '' ? Number.NaN : Number(token);
  if (!Number.isFinite(value))
    throw new LibsvmFormatError(`${what}: not a finite number: ${JSON.stringify(token)}`, line);
  return value;
}

function parseInteger(token: string, what: string, line: number): number {
  const value = parseNumber(token, what, line);
  if (!Number.isInteger(value)) throw new LibsvmFormatError(`${what}: not an integer: ${JSON.stringify(token)}`, line);
  return value;
}

interface Header {
  svmType?: LibsvmSvmType;
  kernelType?: LibsvmKernelType;
  gamma?: number;
  coef0?: number;
  degree?: number;
  nrClass?: number;
  totalSv?: number;
  rho?: number[];
  labels?: number[];
  probA?: number[];
  probB?: number[];
  nrSv?: number[];
}

function parseHeaderLine(header: Header, key: string, args: string[], line: number): void {
  const nums = (): number[] => args.map((a) => parseNumber(a, key, line));
  const ints = (): number[] => args.map((a) => parseInteger(a, key, line));
  const one = (): string => {
    if (args.length !== 1 || args[0] === undefined) throw new LibsvmFormatError(`${key} takes exactly one value`, line);
    return args[0];
  };
  switch (key) {
    case 'svm_type': {
      const v = one();
      const t = SVM_TYPES.find((s) => s === v);
      if (!t) throw new LibsvmFormatError(`unknown svm_type ${JSON.stringify(v)}`, line);
      header.svmType = t;
      return;
    }
    case 'kernel_type': {
      const v = one();
      const t = KERNEL_TYPES.find((s) => s === v);
      if (!t) throw new LibsvmFormatError(`unknown kernel_type ${JSON.stringify(v)}`, line);
      header.kernelType = t;
      return;
    }
    case 'gamma':
      header.gamma = parseNumber(one(), key, line);
      return;
    case 'coef0':
      header.coef0 = parseNumber(one(), key, line);
      return;
    case 'degree':
      header.degree = parseInteger(one(), key, line);
      return;
    case 'nr_class':
      header.nrClass = parseInteger(one(), key, line);
      return;
    case 'total_sv':
      header.totalSv = parseInteger(one(), key, line);
      return;
    case 'rho':
      header.rho = nums();
      return;
    case 'label':
      header.labels = ints();
      return;
    case 'probA':
      header.probA = nums();
      return;
    case 'probB':
      header.probB = nums();
      return;
    case 'nr_sv':
      header.nrSv = ints();
      return;
    // Written by libsvm ≥ 3.25 for one-class models only; nothing the export uses.
    case 'prob_density_marks':
      return;
    default:
      throw new LibsvmFormatError(`unknown header key ${JSON.stringify(key)}`, line);
  }
}

function required<T>(value: T | undefined, key: string): T {
  if (value === undefined) throw new LibsvmFormatError(`missing header line "${key}"`);
  return value;
}

function checkLength(values: readonly unknown[] | undefined, expected: number, key: string): void {
  if (values !== undefined && values.length !== expected) {
    throw new LibsvmFormatError(`${key} has ${values.length} values, expected ${expected}`);
  }
}

function parseSupportVector(text: string, coefCount: number, line: number): { coefs: number[]; sv: SparseVector } {
  const tokens = text.trim().split(/\s+/);
  if (tokens.length < coefCount) throw new LibsvmFormatError(`expected ${coefCount} coefficients`, line);
  const coefs = tokens.slice(0, coefCount).map((t) => parseNumber(t, 'sv_coef', line));
  const indices: number[] = [];
  const values: number[] = [];
  for (const token of tokens.slice(coefCount)) {
    const colon = token.indexOf(':');
    if (colon <= 0) throw new LibsvmFormatError(`expected index:value, got ${JSON.stringify(token)}`, line);
    const index = parseInteger(token.slice(0, colon), 'feature index', line);
    if (index < 1) throw new LibsvmFormatError(`feature index ${index} below 1`, line);
    const last = indices[indices.length - 1];
    if (last !== undefined && index <= last)
      throw new LibsvmFormatError(`feature indices not ascending at ${index}`, line);
    indices.push(index);
    values.push(parseNumber(token.slice(colon + 1), 'feature value', line));
  }
  return { coefs, sv: { indices, values } };
}

export function parseLibsvmModel(text: string): LibsvmModel {
  const lines = text.split(/\r?\n/);
  const header: Header = {};
  let row = 0;
  for (; row < lines.length; row++) {
    const content = (lines[row] ?? '').trim();
    if (content === '') continue;
    if (content === 'SV') break;
    const [key, ...args] = content.split(/\s+/);
    parseHeaderLine(header, key ?? '', args, row + 1);
  }
  if (row >= lines.length) throw new LibsvmFormatError('no "SV" line');

  const svmType = required(header.svmType, 'svm_type');
  const kernelType = required(header.kernelType, 'kernel_type');
  const nrClass = required(header.nrClass, 'nr_class');
  const totalSv = required(header.totalSv, 'total_sv');
  const rho = required(header.rho, 'rho');
  if (nrClass < 1 || totalSv < 0) throw new LibsvmFormatError(`bad nr_class ${nrClass} or total_sv ${totalSv}`);
  const isClassifier = svmType === 'c_svc' || svmType === 'nu_svc';
  const pairs = (nrClass * (nrClass - 1)) / 2;
  checkLength(rho, isClassifier ? pairs : 1, 'rho');
  checkLength(header.probA, isClassifier ? pairs : 1, 'probA');
  checkLength(header.probB, isClassifier ? pairs : 1, 'probB');
  if ((header.probA === undefined) !== (header.probB === undefined))
    throw new LibsvmFormatError('probA without probB or vice versa');
  let labels: readonly number[] = [];
  let nrSv: readonly number[] = [];
  if (isClassifier) {
    labels = required(header.labels, 'label');
    nrSv = required(header.nrSv, 'nr_sv');
    checkLength(labels, nrClass, 'label');
    checkLength(nrSv, nrClass, 'nr_sv');
    if (new Set(labels).size !== labels.length) throw new LibsvmFormatError('duplicate labels');
    const sum = nrSv.reduce((a, b) => a + b, 0);
    if (sum !== totalSv) throw new LibsvmFormatError(`nr_sv sums to ${sum}, total_sv is ${totalSv}`);
  }

  // Regression and one-class models have one coefficient column, classifiers nr_class − 1.
  const coefCount = isClassifier ? nrClass - 1 : 1;
  const svCoef: number[][] = Array.from({ length: coefCount }, () => []);
  const supportVectors: SparseVector[] = [];
  for (row += 1; row < lines.length; row++) {
    const content = lines[row] ?? '';
    if (content.trim() === '') continue;
    const { coefs, sv } = parseSupportVector(content, coefCount, row + 1);
    coefs.forEach((c, j) => svCoef[j]?.push(c));
    supportVectors.push(sv);
  }
  if (supportVectors.length !== totalSv) {
    throw new LibsvmFormatError(`total_sv is ${totalSv} but ${supportVectors.length} support vectors follow`);
  }

  const model: LibsvmModel = {
    svmType,
    kernel: { type: kernelType, gamma: header.gamma ?? 0, coef0: header.coef0 ?? 0, degree: header.degree ?? 0 },
    nrClass,
    totalSv,
    rho,
    labels,
    nrSv,
    supportVectors,
    svCoef,
    ...(header.probA !== undefined && header.probB !== undefined ? { probA: header.probA, probB: header.probB } : {}),
  };
  return model;
}

/** A support vector as a dense row of `dimension` features (libsvm omits exact zeros). */
export function densify(sv: SparseVector, dimension: number): number[] {
  const row = new Array<number>(dimension).fill(0);
  sv.indices.forEach((index, k) => {
    if (index > dimension)
      throw new LibsvmFormatError(`feature index ${index} beyond the model's ${dimension} features`);
    row[index - 1] = sv.values[k] ?? 0;
  });
  return row;
}
