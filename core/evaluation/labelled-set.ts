import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { DEFAULT_SETTINGS, genreIdForTag } from '../library/settings.js';

/**
 * A set of recordings with known genres, to measure a model on: a TSV (`path<TAB>genre`, header
 * optional, paths relative to the TSV's folder) or a folder with one sub-folder per genre. Genre
 * names go through the app's alias table, so "Hip-Hop", "rap" and "hiphop" all mean `hiphop`;
 * a name without alias stays as written (lower-cased): a personal model may know it.
 */

export interface LabelledRecording {
  /** Absolute path of the audio file. */
  readonly path: string;
  /** The genre id after the alias table. */
  readonly genre: string;
  /** The label as written in the TSV or as the folder's name. */
  readonly label: string;
}

export interface LabelledSet {
  /** The TSV or folder it was read from (absolute). */
  readonly source: string;
  readonly recordings: readonly LabelledRecording[];
}

export class LabelledSetError extends Error {
  override name = 'LabelledSetError';
}

/** Columns that hold the genre, by preference; else the second column. */
const GENRE_COLUMNS = ['genre', 'label_gtzan', 'label'];
const PATH_COLUMNS = ['path', 'file', 'filename'];

/** Audio files the decoder handles; other files in a genre folder (covers, notes) are skipped. */
const AUDIO_EXTENSIONS = new Set([
  '.mp3',
  '.flac',
  '.ogg',
  '.oga',
  '.opus',
  '.wav',
  '.m4a',
  '.mp4',
  '.aac',
  '.wma',
  '.aif',
  '.aiff',
  '.ape',
  '.wv',
  '.mpc',
]);

export function genreIdOf(label: string): string {
  return genreIdForTag(DEFAULT_SETTINGS, label) ?? label.trim().toLowerCase();
}

export function readLabelledSet(path: string): LabelledSet {
  const source = resolve(path);
  let isDirectory: boolean;
  try {
    isDirectory = statSync(source).isDirectory();
  } catch (err) {
    throw new LabelledSetError(
      `cannot read ${source}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  // A folder holding labels.tsv (what scripts/make-realworld-devset.sh builds) means that file.
  if (isDirectory && existsSync(join(source, 'labels.tsv'))) return readLabelledSet(join(source, 'labels.tsv'));
  const recordings = isDirectory ? readGenreFolders(source) : readLabelsTsv(source);
  if (recordings.length === 0) throw new LabelledSetError(`${source}: no labelled recordings`);
  return { source, recordings };
}

/** Parses TSV text; `base` is the folder relative paths start from. */
export function parseLabelsTsv(text: string, base: string, source = 'labels'): LabelledRecording[] {
  let records: string[][];
  try {
    records = parse(text, {
      delimiter: '\t',
      skip_empty_lines: true,
      relax_column_count: true,
      quote: false,
      trim: true,
    }) as string[][];
  } catch (err) {
    throw new LabelledSetError(`${source}: not a valid TSV: ${(err as Error).message}`);
  }
  records = records.filter((r) => !(r[0] ?? '').startsWith('#'));
  const first = records[0];
  if (!first) return [];
  const lowered = first.map((c) => c.toLowerCase());
  const hasHeader = PATH_COLUMNS.includes(lowered[0] ?? '') || GENRE_COLUMNS.some((c) => lowered.includes(c));
  const genreColumn = hasHeader ? (GENRE_COLUMNS.map((c) => lowered.indexOf(c)).find((i) => i >= 0) ?? 1) : 1;
  const body = hasHeader ? records.slice(1) : records;
  return body.map((record, i) => {
    const line = i + (hasHeader ? 2 : 1);
    const file = record[0] ?? '';
    const label = record[genreColumn] ?? '';
    if (file === '' || label === '') throw new LabelledSetError(`${source}, line ${line}: needs a path and a genre`);
    return { path: isAbsolute(file) ? file : join(base, file), genre: genreIdOf(label), label };
  });
}

function readLabelsTsv(path: string): LabelledRecording[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new LabelledSetError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return parseLabelsTsv(text, dirname(path), path);
}

/** `<root>/<genre>/**` audio files, sorted, so the order (and any printed list) is stable. */
function readGenreFolders(root: string): LabelledRecording[] {
  const out: LabelledRecording[] = [];
  const genres = readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
  for (const label of genres) {
    for (const file of audioFilesUnder(join(root, label))) out.push({ path: file, genre: genreIdOf(label), label });
  }
  return out;
}

function audioFilesUnder(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  )) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...audioFilesUnder(path));
    else if (AUDIO_EXTENSIONS.has(extname(entry.name).toLowerCase())) found.push(path);
  }
  return found;
}

/** A short name for the set in reports and model cards: the TSV's or folder's name. */
export function setName(set: LabelledSet): string {
  return basename(set.source) === 'labels.tsv' ? basename(dirname(set.source)) : basename(set.source);
}
