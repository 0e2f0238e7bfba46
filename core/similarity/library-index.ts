import type { Database } from 'better-sqlite3';
import type { SimilarityMetricInfo } from '../../shared/api/similarity.js';
import { getSettings } from '../library/settings.js';
import { collectTrustedLabels } from '../learning/trusted-labels.js';
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
 * library. With an active personal model, the space is the discriminant projection
 * (discriminant.ts) fitted on the user's labels as that model learnt them (decisions, plus the
 * files' tags when the model was learnt from tags), restricted to the model's genres, so
 * "similar" follows the user's own genres. Too few labels fall back to the standardised space.
 */
export function buildSimilarityIndex(db: Database): SimilarityIndex {
  const started = performance.now();
  const personalModel = getSettings(db).personalModel;
  const fingerprint = similarityFingerprint(db, personalModel);
  const pooled = loadPooledTracks(db);
  const standardised = standardise(pooled.vectors);
  const rowOfTrack = new Map<number, number>();
  pooled.trackIds.forEach((id, row) => rowOfTrack.set(id, row));
  const learned = personalModel === null ? null : learnedSpace(db, personalModel, standardised, rowOfTrack);
  return {
    trackIds: pooled.trackIds,
    rowOfTrack,
    space: learned?.space ?? standardised,
    metric: learned?.metric ?? { kind: 'standardised' },
    fingerprint,
    buildMs: performance.now() - started,
  };
}

interface PersonalCard {
  readonly genres: readonly string[];
  readonly fromTags: boolean;
}

function personalCard(db: Database, modelId: string): PersonalCard | undefined {
  const json = db.prepare('SELECT card FROM models WHERE id = ?').pluck().get(modelId) as string | undefined;
  if (json === undefined) return undefined;
  const card = JSON.parse(json) as { genres?: unknown; trainingData?: { labelSources?: { tag?: unknown } } };
  const genres = Array.isArray(card.genres) ? card.genres.filter((g): g is string => typeof g === 'string') : [];
  const tags = card.trainingData?.labelSources?.tag;
  return { genres, fromTags: typeof tags === 'number' && tags > 0 };
}

function learnedSpace(
  db: Database,
  modelId: string,
  standardised: VectorMatrix,
  rowOfTrack: ReadonlyMap<number, number>,
): { space: VectorMatrix; metric: SimilarityMetric } | undefined {
  const card = personalCard(db, modelId);
  if (!card) return undefined;
  const rows: number[] = [];
  const genres: string[] = [];
  for (const label of collectTrustedLabels(db, { fromTags: card.fromTags })) {
    const row = rowOfTrack.get(label.trackId);
    if (row === undefined || !card.genres.includes(label.genre)) continue;
    rows.push(row);
    genres.push(label.genre);
  }
  const counts = new Map<string, number>();
  for (const g of genres) counts.set(g, (counts.get(g) ?? 0) + 1);
  const kept = [...counts]
    .filter(([, n]) => n >= MIN_TRACKS_PER_GENRE_FOR_METRIC)
    .map(([g]) => g)
    .sort();
  if (kept.length < 2) return undefined;
  const use = rows.flatMap((row, i) => (kept.includes(genres[i] as string) ? [i] : []));
  const projection = fitDiscriminant(
    selectRows(
      standardised,
      use.map((i) => rows[i] as number),
    ),
    use.map((i) => kept.indexOf(genres[i] as string)),
  );
  return {
    space: project(standardised, projection),
    metric: { kind: 'learned', modelId, genres: kept, labelledTracks: use.length },
  };
}

/**
 * Keeps the last index and rebuilds it only when its fingerprint changes (new or changed
 * analyses, tracks gone, new labels, another personal model); the check is three aggregate
 * queries, far cheaper than the build.
 */
export class SimilarityIndexCache {
  private index: SimilarityIndex | undefined;

  get(db: Database): SimilarityIndex {
    const fingerprint = similarityFingerprint(db, getSettings(db).personalModel);
    if (this.index?.fingerprint !== fingerprint) this.index = buildSimilarityIndex(db);
    return this.index;
  }
}
