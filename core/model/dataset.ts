import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { FEATURE_NAMES } from '../../shared/features.js';

/**
 * A labelled feature table: one row per clip, the features in `featureNames` order. Read from the
 * GTZAN CSV (`filename,length,<57 features>,label`) but not tied to it: any CSV with an id column,
 * a label column and the requested feature columns works, with any label vocabulary.
 */
export interface FeatureTable {
  readonly featureNames: readonly string[];
  readonly ids: readonly string[];
  readonly rows: readonly (readonly number[])[];
  readonly labels: readonly string[];
  /** SHA-256 of the file's bytes: identifies the training data in the model card. */
  readonly sha256: string;
}

export interface TableOptions {
  /** Feature columns to read, in this order (default: the 57 GTZAN features). */
  readonly featureNames?: readonly string[];
  readonly idColumn?: string;
  readonly labelColumn?: string;
}

export class DatasetError extends Error {
  override name = 'DatasetError';
}

export async function loadFeatureTable(path: string, options: TableOptions = {}): Promise<FeatureTable> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new DatasetError(`cannot read the feature table ${path}: ${(err as Error).message}`);
  }
  return parseFeatureTable(bytes, path, options);
}

export function parseFeatureTable(bytes: Buffer, source: string, options: TableOptions = {}): FeatureTable {
  const featureNames = options.featureNames ?? FEATURE_NAMES;
  const idColumn = options.idColumn ?? 'filename';
  const labelColumn = options.labelColumn ?? 'label';
  let records: string[][];
  try {
    records = parse(bytes, { skip_empty_lines: true, trim: true }) as string[][];
  } catch (err) {
    throw new DatasetError(`${source}: not a valid CSV: ${(err as Error).message}`);
  }
  const [header, ...body] = records;
  if (!header) throw new DatasetError(`${source}: empty file`);
  const column = (name: string): number => {
    const index = header.indexOf(name);
    if (index < 0) throw new DatasetError(`${source}: no column "${name}"`);
    return index;
  };
  const idIndex = column(idColumn);
  const labelIndex = column(labelColumn);
  const featureIndices = featureNames.map(column);
  if (body.length === 0) throw new DatasetError(`${source}: no data rows`);

  const ids: string[] = [];
  const rows: number[][] = [];
  const labels: string[] = [];
  const seen = new Set<string>();
  body.forEach((record, r) => {
    const line = r + 2;
    const id = record[idIndex] ?? '';
    const label = record[labelIndex] ?? '';
    if (id === '' || label === '')
      throw new DatasetError(`${source}, line ${line}: empty ${id === '' ? idColumn : labelColumn}`);
    if (seen.has(id)) throw new DatasetError(`${source}, line ${line}: duplicate ${idColumn} "${id}"`);
    seen.add(id);
    rows.push(
      featureIndices.map((index, j) => {
        const raw = record[index] ?? '';
        const value = raw === '' ? Number.NaN : Number(raw);
        if (!Number.isFinite(value)) {
          throw new DatasetError(
            `${source}, line ${line}: ${featureNames[j]} is not a finite number: ${JSON.stringify(raw)}`,
          );
        }
        return value;
      }),
    );
    ids.push(id);
    labels.push(label);
  });
  return {
    featureNames: [...featureNames],
    ids,
    rows,
    labels,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}

/** Row indices of a split, each part listing `genre/genre.000NN.wav` paths, one a line. */
export interface Split {
  readonly train: readonly number[];
  readonly validation: readonly number[];
  readonly test: readonly number[];
  /** SHA-256 over the three list files (train, validation, test): identifies the split in the card. */
  readonly sha256: string;
}

export const SPLIT_PARTS = ['train', 'validation', 'test'] as const;

/**
 * Reads `<dir>/{train,validation,test}.csv` and matches each listed file to the table's id by its
 * base name. A listed file missing from the table, listed twice, or filed under a folder other
 * than its row's label, is an error: a silently smaller test set would flatter the score.
 */
export async function loadSplit(dir: string, table: FeatureTable): Promise<Split> {
  const rowById = new Map(table.ids.map((id, i) => [id, i]));
  const hash = createHash('sha256');
  const parts: Record<(typeof SPLIT_PARTS)[number], number[]> = { train: [], validation: [], test: [] };
  const used = new Set<number>();
  for (const part of SPLIT_PARTS) {
    const file = join(dir, `${part}.csv`);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      throw new DatasetError(`cannot read the split list ${file}: ${(err as Error).message}`);
    }
    hash.update(`${part}\n${text}\n`);
    const lines = text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l !== '');
    lines.forEach((entry, n) => {
      const where = `${file}, line ${n + 1}`;
      const row = rowById.get(basename(entry));
      if (row === undefined) throw new DatasetError(`${where}: "${entry}" is not in the feature table`);
      const folder = basename(dirname(entry));
      if (folder !== '.' && folder !== table.labels[row]) {
        throw new DatasetError(`${where}: "${entry}" is labelled ${table.labels[row]} in the feature table`);
      }
      if (used.has(row)) throw new DatasetError(`${where}: "${entry}" is listed twice`);
      used.add(row);
      parts[part].push(row);
    });
  }
  if (parts.test.length === 0) throw new DatasetError(`${dir}: the test list is empty`);
  return { ...parts, sha256: hash.digest('hex') };
}
