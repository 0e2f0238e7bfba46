import { createRequire } from 'node:module';

/**
 * A private, deterministic libsvm (libsvm-js 0.2, libsvm 3.22 compiled to WebAssembly).
 *
 * Why private: libsvm's probability training (Platt scaling) runs an internal 5-fold
 * cross-validation shuffled with the C library's rand(), which libsvm-js never seeds and does not
 * export. Its state lives in the WebAssembly memory, so the same training call gives different
 * probA/probB depending on how many trainings ran before in the process. We therefore load our own
 * instance of the module, keep a copy of its pristine memory, and restore that copy before every
 * call: each training starts from the same rand() state and the same allocator state, and gives
 * byte-identical models. Nothing else can hold pointers into this instance, so the restore is safe.
 *
 * Side effects of the emscripten glue are undone at load: it registers
 * `process.on('unhandledRejection', () => process.exit(1))`, which would silently kill the app or
 * the test runner, and it tries `fetch()` on a file path first (printing a warning when that fails).
 */

/** The parts of libsvm-js's SVM class that we use. */
interface LibsvmInstance {
  train(samples: number[][], labels: number[]): void;
  predict(samples: number[][]): number[];
  predictProbability(
    samples: number[][],
  ): { prediction: number; estimates: { label: number; probability: number }[] }[];
  getLabels(): number[];
  serializeModel(): string;
  free(): void;
}

interface LibsvmClass {
  new (options: Record<string, unknown>): LibsvmInstance;
  load(serializedModel: string): LibsvmInstance;
  SVM_TYPES: { C_SVC: string };
  KERNEL_TYPES: { RBF: string };
}

/** The emscripten module object: its HEAPU8 view is replaced when the memory grows. */
interface EmscriptenModule {
  HEAPU8: Uint8Array;
  load(): Promise<void>;
}

export interface LibsvmTrainOptions {
  /** C_SVC cost. */
  readonly c: number;
  /** RBF gamma. libsvm writes it with 6 significant digits: use values that survive that. */
  readonly gamma: number;
  /** Train Platt sigmoids (probA/probB) so the model gives probabilities. */
  readonly probability: boolean;
}

export interface LibsvmProbabilities {
  /** The model's labels in libsvm order: column j of `probabilities` is the class `labels[j]`. */
  readonly labels: number[];
  readonly probabilities: number[][];
}

export class LibsvmError extends Error {
  override name = 'LibsvmError';
}

/** libsvm's `%g` output keeps 6 significant digits; parameters must round-trip through it. */
export function survivesLibsvmText(value: number): boolean {
  return Number(value.toPrecision(6)) === value;
}

export class Libsvm {
  readonly #svm: LibsvmClass;
  readonly #module: EmscriptenModule;
  readonly #pristine: Uint8Array;

  constructor(svm: LibsvmClass, module: EmscriptenModule) {
    this.#svm = svm;
    this.#module = module;
    this.#pristine = module.HEAPU8.slice();
  }

  /** Trains a C-SVC with an RBF kernel; returns libsvm's text model. */
  train(samples: readonly (readonly number[])[], labels: readonly number[], options: LibsvmTrainOptions): string {
    const svm = this.#fit(samples, labels, options);
    try {
      return svm.serializeModel();
    } finally {
      svm.free();
    }
  }

  #fit(
    samples: readonly (readonly number[])[],
    labels: readonly number[],
    options: LibsvmTrainOptions,
  ): LibsvmInstance {
    if (samples.length === 0 || samples.length !== labels.length) {
      throw new LibsvmError(`training needs as many labels as samples (got ${samples.length} and ${labels.length})`);
    }
    if (!(options.c > 0) || !(options.gamma > 0)) throw new LibsvmError('C and gamma must be positive');
    if (!survivesLibsvmText(options.gamma)) {
      throw new LibsvmError(
        `gamma ${options.gamma} would be rounded in libsvm's model text; use at most 6 significant digits`,
      );
    }
    this.#restore();
    const svm = new this.#svm({
      type: this.#svm.SVM_TYPES.C_SVC,
      kernel: this.#svm.KERNEL_TYPES.RBF,
      cost: options.c,
      gamma: options.gamma,
      probabilityEstimates: options.probability,
      quiet: true,
    });
    try {
      svm.train(
        samples.map((row) => [...row]),
        [...labels],
      );
    } catch (err) {
      svm.free();
      throw err;
    }
    return svm;
  }

  /**
   * Trains and predicts without the round trip through the model text: for hyper-parameter search,
   * where the text's rounding of rho (6 digits) cannot matter and parsing would dominate the time.
   */
  trainAndPredict(
    samples: readonly (readonly number[])[],
    labels: readonly number[],
    options: Omit<LibsvmTrainOptions, 'probability'>,
    queries: readonly (readonly number[])[],
  ): number[] {
    const svm = this.#fit(samples, labels, { ...options, probability: false });
    try {
      return svm.predict(queries.map((row) => [...row]));
    } finally {
      svm.free();
    }
  }

  /** Predicted labels, from the model text (so exactly what a saved model predicts). */
  predict(modelText: string, samples: readonly (readonly number[])[]): number[] {
    return this.#withModel(modelText, (svm) => svm.predict(samples.map((row) => [...row])));
  }

  /** Platt-coupled class probabilities; the model must have been trained with `probability`. */
  predictProbability(modelText: string, samples: readonly (readonly number[])[]): LibsvmProbabilities {
    if (!/^probA /m.test(modelText)) throw new LibsvmError('the model was trained without probability estimates');
    return this.#withModel(modelText, (svm) => {
      const labels = svm.getLabels();
      const probabilities = svm.predictProbability(samples.map((row) => [...row])).map((result) => {
        const byLabel = new Map(result.estimates.map((e) => [e.label, e.probability]));
        return labels.map((label) => byLabel.get(label) ?? 0);
      });
      return { labels, probabilities };
    });
  }

  #withModel<T>(modelText: string, use: (svm: LibsvmInstance) => T): T {
    this.#restore();
    const svm = this.#svm.load(modelText);
    try {
      return use(svm);
    } finally {
      svm.free();
    }
  }

  /** Back to the memory as it was right after loading: same rand() state, empty heap. */
  #restore(): void {
    const heap = this.#module.HEAPU8;
    heap.set(this.#pristine);
    heap.fill(0, this.#pristine.length);
  }
}

let loading: Promise<Libsvm> | undefined;

/** The process's private libsvm, loaded once. */
export function getLibsvm(): Promise<Libsvm> {
  loading ??= loadPrivateLibsvm();
  return loading;
}

async function loadPrivateLibsvm(): Promise<Libsvm> {
  const require = createRequire(import.meta.url);
  const gluePath = require.resolve('libsvm-js/out/wasm/libsvm.js');
  const loadSvm = require('libsvm-js/src/loadSVM.js') as (module: EmscriptenModule) => LibsvmClass;

  const cachedGlue = require.cache[gluePath];
  delete require.cache[gluePath];
  const listenersBefore = new Set(process.listeners('unhandledRejection'));
  const globals = globalThis as { fetch?: unknown };
  const savedFetch = globals.fetch;
  let module: EmscriptenModule;
  try {
    // Without fetch the glue reads the .wasm file with fs directly instead of failing noisily.
    globals.fetch = undefined;
    module = require(gluePath) as EmscriptenModule;
  } finally {
    globals.fetch = savedFetch;
    // Keep our instance out of the shared cache so nobody else gets (and holds pointers into) it.
    if (cachedGlue) require.cache[gluePath] = cachedGlue;
    else delete require.cache[gluePath];
    for (const listener of process.listeners('unhandledRejection')) {
      if (!listenersBefore.has(listener)) process.off('unhandledRejection', listener);
    }
  }
  await module.load();
  return new Libsvm(loadSvm(module), module);
}
