import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type * as Ort from 'onnxruntime-node';
import { FEATURES_INPUT, LABEL_OUTPUT, OOD_OUTPUT, PROBABILITIES_OUTPUT } from './onnx/names.js';
import { OnnxMetadataError, readOnnxGraphIo, readOnnxModelHead } from './onnx/metadata.js';

/**
 * Runs an exported genre model with onnxruntime-node on the CPU. Works the same in plain Node
 * (CLI, tests) and in Electron's utility process (the analysis worker): onnxruntime-node is an
 * N-API addon, so one build serves both. The addon is imported on first use: a process that only
 * checks a model (the CLI before its analysis workers start) never loads it.
 */

let ortModule: Promise<typeof Ort> | undefined;
const loadOrt = (): Promise<typeof Ort> => (ortModule ??= import('onnxruntime-node'));

/**
 * When the onnxruntime session is created: 'eager' at load (onnxruntime itself vets the graph
 * there), or 'lazy' at the first classification, after checking the model's metadata and its
 * graph's input and output names off the file (a graph onnxruntime cannot load then fails there).
 */
export type SessionMode = 'eager' | 'lazy';

export interface Classification {
  /** The most probable genre of each row. */
  readonly labels: string[];
  /** One vector per row, in the model's genre order (`OnnxGenreClassifier.genres`). */
  readonly probabilities: number[][];
  /** Out-of-distribution score per row (core/model/ood.ts), when the model carries a reference. */
  readonly ood?: number[];
}

export type FeatureRows = readonly (readonly number[])[];

/** The model file is missing, unreadable, not ONNX, or not a genrewise genre model. */
export class ModelLoadError extends Error {
  override name = 'ModelLoadError';
}

/** The rows handed to the model do not fit it (width, non-finite values). */
export class InferenceInputError extends Error {
  override name = 'InferenceInputError';
}

/** What the model expects to be; checked against the file's own metadata at load. */
export interface ExpectedModel {
  readonly genres: readonly string[];
  readonly featureNames: readonly string[];
}

/**
 * Rows per session.run: bounds the memory of the KNN graph (a rows × training-rows distance
 * matrix in double) while keeping per-call overhead negligible.
 */
const BATCH_ROWS = 256;

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

export class OnnxGenreClassifier {
  private session: Promise<Ort.InferenceSession> | undefined;

  private constructor(
    /** Kept so a session can be opened later: at first use when loaded lazily, again after release(). */
    private readonly bytes: Uint8Array,
    private readonly source: string,
    session: Ort.InferenceSession | undefined,
    private readonly outputNames: readonly string[],
    readonly kind: string,
    readonly genres: readonly string[],
    readonly featureNames: readonly string[],
  ) {
    if (session) this.session = Promise.resolve(session);
  }

  /** `source` names the model in error messages (a path, usually). */
  static async fromBytes(
    bytes: Uint8Array,
    expected?: ExpectedModel,
    source = 'ONNX model',
    mode: SessionMode = 'eager',
  ): Promise<OnnxGenreClassifier> {
    let head;
    let io;
    try {
      head = readOnnxModelHead(bytes);
      io = mode === 'lazy' ? readOnnxGraphIo(bytes) : undefined;
    } catch (err) {
      if (err instanceof OnnxMetadataError) throw new ModelLoadError(`${source}: ${err.message}`);
      throw err;
    }
    if (expected && !sameList(head.labels, expected.genres)) {
      throw new ModelLoadError(
        `${source}: outputs genres [${head.labels.join(', ')}], its card says [${expected.genres.join(', ')}]`,
      );
    }
    if (expected && !sameList(head.featureNames, expected.featureNames)) {
      throw new ModelLoadError(`${source}: its input features differ from those its card lists`);
    }
    if (io) {
      checkInterface(io.inputs, io.outputs, source);
      return new OnnxGenreClassifier(bytes, source, undefined, io.outputs, head.kind, head.labels, head.featureNames);
    }
    const session = await createSession(bytes, source);
    return new OnnxGenreClassifier(
      bytes,
      source,
      session,
      session.outputNames,
      head.kind,
      head.labels,
      head.featureNames,
    );
  }

  static async fromFile(
    path: string,
    expected?: ExpectedModel,
    mode: SessionMode = 'eager',
  ): Promise<OnnxGenreClassifier> {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(path);
    } catch (err) {
      throw new ModelLoadError(
        `cannot read model ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      );
    }
    return OnnxGenreClassifier.fromBytes(bytes, expected, path, mode);
  }

  /** The session, created now if loaded lazily or released since; throws ModelLoadError. */
  private open(): Promise<Ort.InferenceSession> {
    if (!this.session) {
      this.session = createSession(this.bytes, this.source);
      this.session.catch(() => {
        this.session = undefined; // the next classification reports the error again
      });
    }
    return this.session;
  }

  /** Creates the session if it is not open yet, so onnxruntime has vetted the graph. */
  async ensureSession(): Promise<void> {
    await this.open();
  }

  /** Classifies feature rows (each in `featureNames` order); rows are fed as float32. */
  async classify(rows: FeatureRows): Promise<Classification> {
    const width = this.featureNames.length;
    const labels: string[] = [];
    const probabilities: number[][] = [];
    const hasOod = this.hasOod;
    const ood: number[] = [];
    const [session, ort] = await Promise.all([this.open(), loadOrt()]);
    for (let start = 0; start < rows.length; start += BATCH_ROWS) {
      const batch = rows.slice(start, start + BATCH_ROWS);
      const input = new Float32Array(batch.length * width);
      batch.forEach((row, i) => {
        if (row.length !== width)
          throw new InferenceInputError(`row ${start + i} has ${row.length} features, the model takes ${width}`);
        for (let j = 0; j < width; j++) {
          const value = Math.fround(row[j] ?? Number.NaN);
          if (!Number.isFinite(value)) {
            throw new InferenceInputError(
              `row ${start + i}: feature ${this.featureNames[j]} is ${row[j]} (not a finite float32)`,
            );
          }
          input[i * width + j] = value;
        }
      });
      const out = await session.run({ [FEATURES_INPUT]: new ort.Tensor('float32', input, [batch.length, width]) });
      const probs = out[PROBABILITIES_OUTPUT]?.data;
      const names = out[LABEL_OUTPUT]?.data;
      if (!(probs instanceof Float32Array) || !Array.isArray(names))
        throw new ModelLoadError('model outputs have unexpected types');
      const c = this.genres.length;
      for (let i = 0; i < batch.length; i++) {
        probabilities.push(Array.from(probs.subarray(i * c, (i + 1) * c)));
        labels.push(String(names[i]));
      }
      if (hasOod) {
        const scores = out[OOD_OUTPUT]?.data;
        if (!(scores instanceof Float32Array)) throw new ModelLoadError('model output "ood" has an unexpected type');
        ood.push(...scores);
      }
    }
    return hasOod ? { labels, probabilities, ood } : { labels, probabilities };
  }

  /** Whether the model outputs an out-of-distribution score per row. */
  get hasOod(): boolean {
    return this.outputNames.includes(OOD_OUTPUT);
  }

  async release(): Promise<void> {
    const session = await this.session?.catch(() => undefined);
    this.session = undefined;
    await session?.release();
  }
}

function checkInterface(inputs: readonly string[], outputs: readonly string[], source: string): void {
  if (!inputs.includes(FEATURES_INPUT) || !outputs.includes(PROBABILITIES_OUTPUT) || !outputs.includes(LABEL_OUTPUT)) {
    throw new ModelLoadError(
      `${source}: expected input "${FEATURES_INPUT}" and outputs "${LABEL_OUTPUT}", "${PROBABILITIES_OUTPUT}"`,
    );
  }
}

async function createSession(bytes: Uint8Array, source: string): Promise<Ort.InferenceSession> {
  let session: Ort.InferenceSession;
  try {
    const ort = await loadOrt();
    // One thread each: a track is a handful of rows, and several analysis workers run at once.
    session = await ort.InferenceSession.create(bytes, {
      executionProviders: ['cpu'],
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
      logSeverityLevel: 3,
    });
  } catch (err) {
    throw new ModelLoadError(`${source}: onnxruntime cannot load it: ${(err as Error).message}`);
  }
  try {
    checkInterface(session.inputNames, session.outputNames, source);
  } catch (err) {
    await session.release();
    throw err;
  }
  return session;
}

interface CacheEntry {
  readonly stamp: string;
  readonly classifier: Promise<OnnxGenreClassifier>;
}

/**
 * Sessions by model file: loading one parses and optimises the graph (tens of ms), so the worker
 * and the CLI keep it for every track. A file changed on disk (size or mtime) is loaded afresh.
 */
export class ClassifierCache {
  private readonly entries = new Map<string, CacheEntry>();

  /**
   * The classifier of a model file, its metadata checked against `expected`. 'lazy' leaves the
   * session to the first classification; 'eager' (the default) has it open, whoever loaded it first.
   */
  async get(onnxPath: string, expected?: ExpectedModel, mode: SessionMode = 'eager'): Promise<OnnxGenreClassifier> {
    const path = resolve(onnxPath);
    let stamp: string;
    try {
      const info = await stat(path);
      stamp = `${info.size}:${info.mtimeMs}`;
    } catch (err) {
      throw new ModelLoadError(
        `cannot read model ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      );
    }
    const cached = this.entries.get(path);
    if (cached && cached.stamp === stamp) {
      const classifier = await cached.classifier;
      if (
        !expected ||
        (sameList(classifier.genres, expected.genres) && sameList(classifier.featureNames, expected.featureNames))
      ) {
        if (mode === 'eager') await classifier.ensureSession();
        return classifier;
      }
    }
    if (cached) this.forget(path, cached);
    const classifier = OnnxGenreClassifier.fromFile(path, expected, mode);
    const entry = { stamp, classifier };
    this.entries.set(path, entry);
    classifier.catch(() => this.forget(path, entry));
    return classifier;
  }

  /** Releases every session; the cache stays usable. */
  async clear(): Promise<void> {
    const entries = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(entries.map(async (e) => (await e.classifier.catch(() => undefined))?.release()));
  }

  /** Dropped, not released: a caller may still be running it; the addon frees it on GC. */
  private forget(path: string, entry: CacheEntry): void {
    if (this.entries.get(path) === entry) this.entries.delete(path);
  }
}
