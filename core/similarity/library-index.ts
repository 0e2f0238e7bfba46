import type { Database } from 'better-sqlite3';
import type { SimilarityMetricInfo } from '../../shared/api/similarity.js';
import { collectContextLabels } from '../learning/context-labels.js';
import { fitDiscriminant } from './discriminant.js';
import { selectRows, type VectorMatrix } from './matrix.js';
import { project } from './projection.js';
import { standardise } from './standardise.js';
import { loadPooledTracks, similarityFingerprint } from './track-vectors.js';

/** How distances are measured: see `buildSimilarityIndex`. */
export type SimilarityMetric = SimilarityMetricInfo;

/** Every analysed track as a point of one space in which Euclidean distance is "how alike". */
export interface SimilarityIndex {
  readonly trackIds: Int32Array;
  readonly rowOfTrack: ReadonlyMap<number, number>;
  readonly space: VectorMatrix;
  readonly metric: SimilarityMetric;
  readonly fingerprint: string;
  readonly buildMs: number;
}

/** A learned metric needs this many labelled, analysed tracks in each of at least two genres. */
export const MIN_TRACKS_PER_GENRE_FOR_METRIC = 2;

/**
 * Builds the index from the stored analyses: windows pooled per track, standardised over the
 * library. Where the user's labels name at least two genres with MIN_TRACKS_PER_GENRE_FOR_METRIC
 * analysed tracks each, the space is the discriminant projection (discriminant.ts) fitted on those
 * labels, so "similar" follows the user's own genres. The labels are the ones the library-context
 * model learns from (context-labels.ts: decisions, else the file's first genre tag; a skip
 * blocks the tag). Too few labels fall back to the standardised space.
 */
export function buildSimilarityIndex(db: Database): SimilarityIndex {
  const started = performance.now();
  const fingerprint = similarityFingerprint(db);
  const pooled = loadPooledTracks(db);
  const standardised = standardise(pooled.vectors);
  const rowOfTrack = new Map<number, number>();
  pooled.trackIds.forEach((id, row) => rowOfTrack.set(id, row));
  const learned = learnedSpace(db, standardised, rowOfTrack);
  return {
    trackIds: pooled.trackIds,
    rowOfTrack,
    space: learned?.space ?? standardised,
    metric: learned?.metric ?? { kind: 'standardised' },
    fingerprint,
    buildMs: performance.now() - started,
  };
}

/** The labelled, analysed tracks' rows and genres, in genres with enough of them for the metric. */
function labelledRows(
  db: Database,
  rowOfTrack: ReadonlyMap<number, number>,
): { rows: number[]; classes: number[]; genres: string[] } {
  const labelled: { row: number; genre: string }[] = [];
  for (const label of collectContextLabels(db, { fromTags: true })) {
    const row = rowOfTrack.get(label.trackId);
    if (row !== undefined) labelled.push({ row, genre: label.genre });
  }
  const counts = new Map<string, number>();
  for (const l of labelled) counts.set(l.genre, (counts.get(l.genre) ?? 0) + 1);
  const genres = [...counts]
    .filter(([, n]) => n >= MIN_TRACKS_PER_GENRE_FOR_METRIC)
    .map(([g]) => g)
    .sort();
  const kept = labelled.filter((l) => genres.includes(l.genre));
  return { rows: kept.map((l) => l.row), classes: kept.map((l) => genres.indexOf(l.genre)), genres };
}

function learnedSpace(
  db: Database,
  standardised: VectorMatrix,
  rowOfTrack: ReadonlyMap<number, number>,
): { space: VectorMatrix; metric: SimilarityMetric } | undefined {
  const { rows, classes, genres } = labelledRows(db, rowOfTrack);
  if (genres.length < 2) return undefined;
  const projection = fitDiscriminant(selectRows(standardised, rows), classes);
  return {
    space: project(standardised, projection),
    metric: { kind: 'learned', genres, labelledTracks: rows.length },
  };
}

/**
 * Keeps the last index and rebuilds it only when its fingerprint changes (new or changed
 * analyses, tracks gone, new labels); the check is three aggregate
 * queries, far cheaper than the build.
 */
export class SimilarityIndexCache {
  private index: SimilarityIndex | undefined;

  get(db: Database): SimilarityIndex {
    const fingerprint = similarityFingerprint(db);
    if (this.index?.fingerprint !== fingerprint) this.index = buildSimilarityIndex(db);
    return this.index;
  }
}
