#!/usr/bin/env node
// Prints the fold (0-9) of every row of the GTZAN feature table as `genrewise train` deals them
// (stratified 10-fold, seed 1 unless given): filename<TAB>fold, one row a line, in the table's
// order. scripts/sklearn-anchors.py reads it to score scikit-learn "on these folds".
//   npm run build:node && node scripts/gtzan-folds.js [features_30_sec.csv] [--seed N] > folds.tsv
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../dist/node/', import.meta.url));
const { loadFeatureTable } = await import(join(dist, 'core/model/dataset.js'));
const { stratifiedKFold } = await import(join(dist, 'core/model/cross-validation.js'));

const args = process.argv.slice(2);
const seedAt = args.indexOf('--seed');
const seed = seedAt >= 0 ? Number(args.splice(seedAt, 2)[1]) : 1;
const csv = args[0] ?? fileURLToPath(new URL('../../shared/data/gtzan/features_30_sec.csv', import.meta.url));
const table = await loadFeatureTable(csv);
const genres = [...new Set(table.labels)].sort();
const fold = new Array(table.rows.length);
stratifiedKFold(
  table.labels.map((l) => genres.indexOf(l)),
  10,
  seed,
).forEach((rows, f) => rows.forEach((r) => (fold[r] = f)));
process.stdout.write(table.ids.map((id, i) => `${id}\t${fold[i]}\n`).join(''));
