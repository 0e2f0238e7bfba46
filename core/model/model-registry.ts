import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { ANALYZER_VERSION, FEATURE_NAMES } from '../../shared/features.js';

/**
 * Finding a genre model and deciding whether this build of the app may use it.
 *
 * A model is two files side by side: `<name>.onnx` and `<name>.card.json` (the card may name its
 * ONNX file in `modelFile`, and pin its bytes in `modelSha256`). `svc` and `knn` name the
 * committed defaults, models/gtzan-svc.* and models/gtzan-knn.*; anything else is a path to
 * either file. A model is refused (IncompatibleModelError) when its card expects another analyzer
 * version, or features the extractor does not produce: its predictions would be silently wrong
 * otherwise.
 */

export const BUILT_IN_MODELS = ['svc', 'knn'] as const;
export type BuiltInModel = (typeof BUILT_IN_MODELS)[number];

/** File name stem of a built-in model in the models folder (what `genrewise train --out` writes). */
export function builtInStem(name: BuiltInModel): string {
  return `gtzan-${name}`;
}

/** What the running extractor produces; models must ask for no more and no other. */
export interface ExtractorIdentity {
  readonly featureNames: readonly string[];
  readonly analyzerVersion: string;
}

const CARD_SUFFIX = '.card.json';

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
  return BUILT_IN_MODELS.some((name) => existsSync(join(dir, `${builtInStem(name)}${CARD_SUFFIX}`)));
}

/**
 * Where the default models live: the explicit folder, else `GENREWISE_MODELS`, else the packaged
 * app's resources/models, else the `models/` folder of the checkout this module runs from —
 * found by walking up, since the module runs from core/model (vitest), dist/node/core/model
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
  throw new ModelNotFoundError(
    'no models folder found (looked beside the app and in the checkout); set GENREWISE_MODELS',
  );
}

function isBuiltIn(spec: string): spec is BuiltInModel {
  return (BUILT_IN_MODELS as readonly string[]).includes(spec);
}

/**
 * The .onnx and .card.json paths a model spec stands for, by naming convention; a card's
 * `modelFile` (read by locateModel) overrides the .onnx path.
 */
export function modelPaths(spec: string, options: ModelsDirOptions = {}): { onnxPath: string; cardPath: string } {
  if (isBuiltIn(spec)) {
    const stem = join(defaultModelsDir(options), builtInStem(spec));
    return { onnxPath: `${stem}.onnx`, cardPath: `${stem}${CARD_SUFFIX}` };
  }
  const path = resolve(spec);
  if (path.endsWith(CARD_SUFFIX)) return { onnxPath: `${path.slice(0, -CARD_SUFFIX.length)}.onnx`, cardPath: path };
  if (path.endsWith('.onnx')) return { onnxPath: path, cardPath: `${path.slice(0, -'.onnx'.length)}${CARD_SUFFIX}` };
  throw new ModelNotFoundError(
    `model "${spec}" is neither ${BUILT_IN_MODELS.join(' nor ')} nor a path to a .onnx or ${CARD_SUFFIX} file`,
  );
}

function stringList(value: unknown, field: string, source: string): string[] {
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    !value.every((v): v is string => typeof v === 'string' && v !== '')
  ) {
    throw new ModelCardError(`${source}: "${field}" must be a non-empty list of names`);
  }
  if (new Set(value).size !== value.length) throw new ModelCardError(`${source}: "${field}" lists a name twice`);
  return value;
}

/** Checks and extracts what inference needs from a parsed card. */
export function readCardEssentials(json: unknown, source: string): CardEssentials {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new ModelCardError(`${source}: not a JSON object`);
  const card = json as Record<string, unknown>;
  const { kind, analyzerVersion } = card;
  if (typeof kind !== 'string' || kind === '') throw new ModelCardError(`${source}: "kind" must be a string`);
  if (typeof analyzerVersion !== 'string' || analyzerVersion === '')
    throw new ModelCardError(`${source}: "analyzerVersion" must be a string`);
  const genres = stringList(card.genres, 'genres', source);
  if (genres.length < 2) throw new ModelCardError(`${source}: a model needs at least 2 genres`);
  return { kind, genres, featureNames: stringList(card.featureNames, 'featureNames', source), analyzerVersion };
}

/**
 * Refuses a card made for another extractor; returns, for each model input, its column in the
 * extractor's feature vector. Personal models may use a subset of the features, in any order.
 */
export function checkCompatibility(
  card: CardEssentials,
  source: string,
  extractor: ExtractorIdentity = CURRENT_EXTRACTOR,
): number[] {
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

function optionalString(card: Record<string, unknown>, field: string, source: string): string | undefined {
  const value = card[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '')
    throw new ModelCardError(`${source}: "${field}" must be a non-empty string`);
  return value;
}

/** Finds a model's files, reads and checks its card against the extractor. */
export async function locateModel(spec: string, options: LocateOptions = {}): Promise<LocatedModel> {
  const paths = modelPaths(spec, options);
  const cardPath = paths.cardPath;
  const cardBytes = await readOrNotFound(cardPath, 'model card', spec);
  let cardJson: unknown;
  try {
    cardJson = JSON.parse(cardBytes.toString('utf8'));
  } catch (err) {
    throw new ModelCardError(`${cardPath}: not valid JSON: ${(err as Error).message}`);
  }
  const card = readCardEssentials(cardJson, cardPath);
  const fields = cardJson as Record<string, unknown>;
  const modelFile = optionalString(fields, 'modelFile', cardPath);
  if (modelFile !== undefined && basename(modelFile) !== modelFile) {
    throw new ModelCardError(
      `${cardPath}: "modelFile" must be a file name beside the card, got ${JSON.stringify(modelFile)}`,
    );
  }
  // A path to the .onnx itself names the file to load; otherwise the card says which file it describes.
  const onnxPath =
    spec.endsWith('.onnx') || modelFile === undefined ? paths.onnxPath : join(dirname(cardPath), modelFile);
  const onnxBytes = await readOrNotFound(onnxPath, 'model file', spec);
  const sha256 = createHash('sha256').update(onnxBytes).digest('hex');
  const pinned = optionalString(fields, 'modelSha256', cardPath);
  if (pinned !== undefined && pinned !== sha256) {
    throw new ModelCardError(
      `${cardPath} describes another model file than ${onnxPath} (SHA-256 differs): the card and the model do not belong together`,
    );
  }
  const featureColumns = checkCompatibility(card, `model ${basename(onnxPath)}`, options.extractor);
  const id = optionalString(fields, 'id', cardPath) ?? `${card.kind}-${sha256.slice(0, 12)}`;
  return { id, onnxPath, cardPath, card, cardJson: fields, featureColumns };
}
