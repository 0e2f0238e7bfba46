import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeTrainedModels } from '../../core/evaluation/write-models.js';
import { PIPELINE_DATE } from '../../core/model/card.js';
import { trainModels } from '../../core/model/train.js';
import { sharedDataPath } from './data.js';

/**
 * A small slice of the GTZAN table (the first `perGenre` clips of each of `genres`) with the
 * matching rows of the artist-filtered split, written into `dir`: the training pipeline end to
 * end in seconds.
 */
export function writeGtzanSlice(
  dir: string,
  genres: readonly string[],
  perGenre: number,
): { csvPath: string; splitsDir: string } {
  const lines = readFileSync(sharedDataPath('gtzan', 'features_30_sec.csv'), 'utf8').trim().split('\n');
  const keep = lines.slice(1).filter((line) => {
    const [file] = line.split(',');
    const match = /^(\w+)\.(\d+)\.wav$/.exec(file ?? '');
    return match !== null && genres.includes(match[1] as string) && Number(match[2]) < perGenre;
  });
  const csvPath = join(dir, 'slice.csv');
  writeFileSync(csvPath, `${[lines[0], ...keep].join('\n')}\n`);
  const kept = new Set(keep.map((line) => line.split(',')[0]));
  const splitsDir = join(dir, 'splits');
  mkdirSync(splitsDir);
  for (const part of ['train', 'validation', 'test']) {
    const entries = readFileSync(sharedDataPath('gtzan', 'splits', 'filtered', `${part}.csv`), 'utf8')
      .split('\n')
      .filter((entry) => kept.has(entry.split('/')[1]));
    writeFileSync(join(splitsDir, `${part}.csv`), `${entries.join('\n')}\n`);
  }
  return { csvPath, splitsDir };
}

/**
 * Trains on a slice (3-fold CV, 3 inner folds; with `compare`, all seven classifiers) and writes
 * the models into `outDir` with the pipeline's fixed date; returns the written files by name.
 */
export async function trainSliceInto(
  slice: { csvPath: string; splitsDir: string },
  outDir: string,
  compare = false,
): Promise<Record<string, Buffer>> {
  const { csvPath, splitsDir } = slice;
  const result = await trainModels({ datasetPath: csvPath, splitsDir, folds: 3, innerFolds: 3, compare });
  await writeTrainedModels(result, {
    outDir,
    prefix: 'gtzan',
    datasetPath: csvPath,
    splitsDir,
    createdAt: PIPELINE_DATE,
  });
  return Object.fromEntries(readdirSync(outDir).map((f) => [f, readFileSync(join(outDir, f))]));
}
