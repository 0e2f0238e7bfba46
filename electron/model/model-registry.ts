import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { ANALYZER_VERSION, FEATURE_NAMES } from '../../shared/features.js';

/**
 * Finding a genre model and deciding whether this build of the app may use it.
 *
 * A model is two files side by side: `<name>.onnx` and `<name>.card.json`. `svc` and `knn` name
 * the committed defaults in the models folder; anything else is a path to either file. A model is
 * refused (IncompatibleModelError) when its card expects another analyzer version, or features the
 * extractor does not produce: its predictions would be silently wrong otherwise.
 */

export const BUILT_IN_MODELS = ['svc', 'knn'] as const;
export type BuiltInModel = (typeof BUILT_IN_MODELS)[number];

/** What the running extractor produces; models must ask for no more and no other. */
export interface ExtractorIdentity {
  readonly featureNames: readonly string[];
  readonly analyzerVersion: string;
}

export const CURRENT_EXTRACTOR: ExtractorIdentity = { featureNames: FEATURE_NAMES, analyzerVersion: ANALYZER_VERSION };

/** The parts of a model card inference relies on; the card's other fields are kept as read. */
export interface CardEssentials {
  readonly kind: string;
  /** Output order of the model's probabilities. */
  readonly genres: readonly string[];
  /** Input order of the model's features. */
  readonly featureNames: readonly string[];
  readonly analyzerVersion: string;
}

export interface LocatedModel {
  /** Stable identity of the model file: the card's `id` if it has one, else kind + ONNX hash. */
  readonly id: string;
  readonly onnxPath: string;
  readonly cardPath: string;
  readonly card: CardEssentials;
  /** The whole card as parsed JSON. */
  readonly cardJson: Readonly<Record<string, unknown>>;
  /** For each model input, its column in the extractor's feature vector. */
  readonly featureColumns: readonly number[];
}

export class ModelNotFoundError extends Error {
  override name = 'ModelNotFoundError';
}

/** The card is missing fields, has wrong types, or is not JSON. */
export class ModelCardError extends Error {
  override name = 'ModelCardError';
}

/** The model was made for another extractor (analyzer version or feature names). */
export class IncompatibleModelError extends Error {
  override name = 'IncompatibleModelError';
}

export interface ModelsDirOptions {
  /** Use this folder, no questions asked (tests, `--models`-style settings). */
  readonly modelsDir?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Electron's process.resourcesPath in the packaged app (models are extraResources there). */
  readonly resourcesPath?: string;
  /** Where the search for the source checkout's models folder starts (this module's folder). */
  readonly moduleDir?: string;
}

function isModelsDir(dir: string): boolean {
  return BUILT_IN_MODELS.some((name) => existsSync(join(dir, `${name}.card.json`)));
}

/**
 * Where the default models live: the explicit folder, else `GENREWISE_MODELS`, else the packaged
 * app's resources/models, else the `models/` folder of the checkout this module runs from —
 * found by walking up, since the module runs from electron/model (vitest), dist/node/electron/model
 * (CLI) or out/main (electron-vite bundle).
 */
export function defaultModelsDir(options: ModelsDirOptions = {}): string {
  if (options.modelsDir) return resolve(options.modelsDir);
  const env = options.env ?? process.env;
  if (env.GENREWISE_MODELS) return resolve(env.GENREWISE_MODELS);
  const resourcesPath = options.resourcesPath ?? (process as { resourcesPath?: string }).resourcesPath;
  if (resourcesPath && isModelsDir(join(resourcesPath, 'models'))) return join(resourcesPath, 'models');
  let dir = options.moduleDir ?? import.meta.dirname;
  for (;;) {
    const candidate = join(dir, 'models');
    if (existsSync(join(dir, 'package.json')) && isModelsDir(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new ModelNotFoundError('no models folder found (looked beside the app and in the checkout); set GENREWISE_MODELS');
}

function isBuiltIn(spec: string): spec is BuiltInModel {
  return (BUILT_IN_MODELS as readonly string[]).includes(spec);
}

const CARD_SUFFIX = '.card.json';

/** The .onnx and .card.json paths a model spec stands for. */
export function modelPaths(spec: string, options: ModelsDirOptions = {}): { onnxPath: string; cardPath: string } {
  if (isBuiltIn(spec)) {
    const dir = defaultModelsDir(options);
    return { onnxPath: join(dir, `${spec}.onnx`), cardPath: join(dir, `${spec}${CARD_SUFFIX}`) };
  }
  const path = resolve(spec);
  if (path.endsWith(CARD_SUFFIX)) return { onnxPath: `${path.slice(0, -CARD_SUFFIX.length)}.onnx`, cardPath: path };
  if (path.endsWith('.onnx')) return { onnxPath: path, cardPath: `${path.slice(0, -'.onnx'.length)}${CARD_SUFFIX}` };
  throw new ModelNotFoundError(`model "${spec}" is neither ${BUILT_IN_MODELS.join(' nor ')} nor a path to a .onnx or ${CARD_SUFFIX} file`);
}

function stringList(value: unknown, field: string, source: string): string[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every((v): v is string => typeof v === 'string' && v !== '')) {
    throw new ModelCardError(`${source}: "${field}" must be a non-empty list of names`);
  }
  if (new Set(value).size !== value.length) throw new ModelCardError(`${source}: "${field}" lists a name twice`);
  return value;
}

/** Checks and extracts what inference needs from a parsed card. */
export function readCardEssentials(json: unknown, source: string): CardEssentials {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new ModelCardError(`${source}: not a JSON object`);
  const card = json as Record<string, unknown>;
  const { kind, analyzerVersion } = card;
  if (typeof kind !== 'string' || kind === '') throw new ModelCardError(`${source}: "kind" must be a string`);
  if (typeof analyzerVersion !== 'string' || analyzerVersion === '') throw new ModelCardError(`${source}: "analyzerVersion" must be a string`);
  const genres = stringList(card.genres, 'genres', source);
  if (genres.length < 2) throw new ModelCardError(`${source}: a model needs at least 2 genres`);
  return { kind, genres, featureNames: stringList(card.featureNames, 'featureNames', source), analyzerVersion };
}

/**
 * Refuses a card made for another extractor; returns, for each model input, its column in the
 * extractor's feature vector. Personal models may use a subset of the features, in any order.
 */
export function checkCompatibility(card: CardEssentials, source: string, extractor: ExtractorIdentity = CURRENT_EXTRACTOR): number[] {
  if (card.analyzerVersion !== extractor.analyzerVersion) {
    throw new IncompatibleModelError(
      `${source} was trained on features of analyzer ${card.analyzerVersion}, this extractor is ${extractor.analyzerVersion}: ` +
        'its predictions would be wrong; retrain it (genrewise train / learn) or use a matching model',
    );
  }
  const unknown = card.featureNames.filter((name) => !extractor.featureNames.includes(name));
  if (unknown.length > 0) {
    const shown = unknown.slice(0, 5).join(', ') + (unknown.length > 5 ? `, … (${unknown.length} in all)` : '');
    throw new IncompatibleModelError(`${source} expects features the extractor does not produce: ${shown}`);
  }
  return card.featureNames.map((name) => extractor.featureNames.indexOf(name));
}

export interface LocateOptions extends ModelsDirOptions {
  readonly extractor?: ExtractorIdentity;
}

async function readOrNotFound(path: string, what: string, spec: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ModelNotFoundError(`model "${spec}": ${what} ${path} does not exist`);
    throw new ModelNotFoundError(`model "${spec}": cannot read ${what} ${path}: ${code ?? (err as Error).message}`);
  }
}

/** Finds a model's files, reads and checks its card against the extractor. */
export async function locateModel(spec: string, options: LocateOptions = {}): Promise<LocatedModel> {
  const { onnxPath, cardPath } = modelPaths(spec, options);
  const cardBytes = await readOrNotFound(cardPath, 'model card', spec);
  const onnxBytes = await readOrNotFound(onnxPath, 'model file', spec);
  let cardJson: unknown;
  try {
    cardJson = JSON.parse(cardBytes.toString('utf8'));
  } catch (err) {
    throw new ModelCardError(`${cardPath}: not valid JSON: ${(err as Error).message}`);
  }
  const card = readCardEssentials(cardJson, cardPath);
  const source = `model ${basename(onnxPath)}`;
  const featureColumns = checkCompatibility(card, source, options.extractor);
  const declaredId = (cardJson as Record<string, unknown>).id;
  const id = typeof declaredId === 'string' && declaredId !== ''
    ? declaredId
    : `${card.kind}-${createHash('sha256').update(onnxBytes).digest('hex').slice(0, 12)}`;
  return { id, onnxPath, cardPath, card, cardJson: cardJson as Record<string, unknown>, featureColumns };
}
