import type { Database } from 'better-sqlite3';
import type { CountBy, FileError } from '../../shared/api/types.js';
import { ANALYZER_VERSION, FEATURE_NAMES } from '../../shared/features.js';
import type { FileAnalysis } from './analyse-file.js';
import type { AnalysisFailure, AnalysisFailureKind } from './errors.js';
import { WINDOW_POLICY_ID } from './windows.js';
import { countTracks, trackExists } from '../library/tracks.js';

/** A library track as the analysis needs it: where it is and which version of the file. */
export interface TrackToAnalyse {
  readonly trackId: number;
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
  /** From the tag reader; a hint that saves a probe, not trusted blindly. */
  readonly durationSec: number | null;
}

/** What a stored analysis must match to count as done. Defaults: this build's analyzer. */
export interface AnalysisTarget {
  readonly analyzerVersion?: string;
  readonly windowPolicy?: string;
  /** Also redo files whose last analysis failed although nothing changed (e.g. a timeout on a busy machine). */
  readonly retryErrors?: boolean;
}

export interface StoredWindow {
  readonly index: number;
  readonly startSec: number;
  readonly durationSec: number;
  /** 57 values in FEATURE_NAMES order. */
  readonly features: Float64Array;
}

export interface StoredAnalysis {
  readonly id: number;
  readonly trackId: number;
  readonly analyzerVersion: string;
  readonly windowPolicy: string;
  readonly fileSize: number;
  readonly fileMtimeMs: number;
  readonly status: 'ok' | 'error';
  readonly error: AnalysisFailure | null;
  readonly durationSec: number | null;
  readonly elapsedMs: number | null;
  readonly analysedAt: string;
  readonly windows: readonly StoredWindow[];
}

export class FeatureBlobError extends Error {
  override readonly name = 'FeatureBlobError';
}

const FEATURE_BYTES = FEATURE_NAMES.length * 8;

/** 57 float64, little-endian, FEATURE_NAMES order: the analysis_windows.features format. */
export function encodeFeatures(values: ArrayLike<number>): Buffer {
  if (values.length !== FEATURE_NAMES.length) {
    throw new FeatureBlobError(`expected ${FEATURE_NAMES.length} feature values, got ${values.length}`);
  }
  const buf = Buffer.alloc(FEATURE_BYTES);
  for (let i = 0; i < values.length; i++) buf.writeDoubleLE(values[i]!, i * 8);
  return buf;
}

export function decodeFeatures(blob: Uint8Array): Float64Array {
  if (blob.byteLength !== FEATURE_BYTES) {
    throw new FeatureBlobError(`feature blob of ${blob.byteLength} bytes, expected ${FEATURE_BYTES}`);
  }
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const out = new Float64Array(FEATURE_NAMES.length);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat64(i * 8, true);
  return out;
}

export function countPresentTracks(db: Database): number {
  return countTracks(db);
}

/**
 * Present tracks without a current analysis: never analysed, the file changed since (size or
 * mtime differ from the track row the scanner keeps up to date), or analysed by another analyzer
 * version or window policy. Failed analyses count as done unless `retryErrors`. Ordered by path,
 * so files of one folder are read together.
 */
export function tracksNeedingAnalysis(db: Database, target: AnalysisTarget = {}): TrackToAnalyse[] {
  const rows = db
    .prepare(
      `SELECT t.id AS trackId, t.path, t.size, t.mtime_ms AS mtimeMs, t.duration_sec AS durationSec
         FROM tracks t LEFT JOIN analyses a ON a.track_id = t.id
        WHERE t.status = 'present'
          AND (a.id IS NULL
               OR a.analyzer_version <> @version
               OR a.window_policy <> @policy
               OR a.file_size <> t.size
               OR a.file_mtime_ms <> t.mtime_ms
               OR (@retry AND a.status = 'error'))
        ORDER BY t.path`,
    )
    .all({
      version: target.analyzerVersion ?? ANALYZER_VERSION,
      policy: target.windowPolicy ?? WINDOW_POLICY_ID,
      retry: target.retryErrors ? 1 : 0,
    }) as TrackToAnalyse[];
  return rows;
}

export interface SaveOptions {
  readonly analyzerVersion?: string;
  readonly elapsedMs?: number;
  readonly at?: Date;
}

/**
 * Stores a finished analysis for the file version in `track`, replacing the previous one and its
 * windows (the new row gets a new id, so predictions made from the old one are recognisably stale). Returns the analysis id, or undefined when the track was
 * deleted meanwhile (a rescan running beside the analysis).
 */
export function saveAnalysis(
  db: Database,
  track: TrackToAnalyse,
  analysis: FileAnalysis,
  options: SaveOptions = {},
): number | undefined {
  const insertWindow = db.prepare(
    'INSERT INTO analysis_windows (analysis_id, window_index, start_sec, duration_sec, features) VALUES (?, ?, ?, ?, ?)',
  );
  return db.transaction(() => {
    const id = replaceRow(
      db,
      track,
      { status: 'ok', durationSec: analysis.durationSec, policy: analysis.policy },
      options,
    );
    if (id === undefined) return undefined;
    for (const w of analysis.windows)
      insertWindow.run(id, w.index, w.startSec, w.durationSec, encodeFeatures(w.features));
    return id;
  })();
}

/** Stores why the file could not be analysed, so it is not retried until it changes. */
export function saveAnalysisFailure(
  db: Database,
  track: TrackToAnalyse,
  failure: AnalysisFailure,
  options: SaveOptions & { readonly windowPolicy?: string } = {},
): number | undefined {
  return db.transaction(() =>
    replaceRow(
      db,
      track,
      { status: 'error', failure, policy: options.windowPolicy ?? WINDOW_POLICY_ID, durationSec: null },
      options,
    ),
  )();
}

interface RowContent {
  readonly status: 'ok' | 'error';
  readonly policy: string;
  readonly durationSec: number | null;
  readonly failure?: AnalysisFailure;
}

function replaceRow(
  db: Database,
  track: TrackToAnalyse,
  content: RowContent,
  options: SaveOptions,
): number | undefined {
  if (!trackExists(db, track.trackId)) return undefined;
  db.prepare('DELETE FROM analyses WHERE track_id = ?').run(track.trackId);
  const result = db
    .prepare(
      `INSERT INTO analyses (track_id, analyzer_version, window_policy, file_size, file_mtime_ms, status,
                             error_kind, error_message, duration_sec, elapsed_ms, analysed_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      track.trackId,
      options.analyzerVersion ?? ANALYZER_VERSION,
      content.policy,
      track.size,
      track.mtimeMs,
      content.status,
      content.failure?.kind ?? null,
      content.failure?.message ?? null,
      content.durationSec,
      options.elapsedMs === undefined ? null : Math.round(options.elapsedMs),
      (options.at ?? new Date()).toISOString(),
    );
  return Number(result.lastInsertRowid);
}

interface AnalysisRow {
  id: number;
  trackId: number;
  analyzerVersion: string;
  windowPolicy: string;
  fileSize: number;
  fileMtimeMs: number;
  status: 'ok' | 'error';
  errorKind: string | null;
  errorMessage: string | null;
  durationSec: number | null;
  elapsedMs: number | null;
  analysedAt: string;
}

interface WindowRow {
  index: number;
  startSec: number;
  durationSec: number;
  features: Buffer;
}

/** One analysis's windows in order, features decoded. */
export function analysisWindows(db: Database, analysisId: number): StoredAnalysis['windows'] {
  const rows = db
    .prepare(
      `SELECT window_index AS "index", start_sec AS startSec, duration_sec AS durationSec, features
         FROM analysis_windows WHERE analysis_id = ? ORDER BY window_index`,
    )
    .all(analysisId) as WindowRow[];
  return rows.map((w) => ({
    index: w.index,
    startSec: w.startSec,
    durationSec: w.durationSec,
    features: decodeFeatures(w.features),
  }));
}

/**
 * Where the windows of the track's successful analysis by this analyzer lie, in order (no
 * features): what a preview plays. Empty when it was never analysed, its analysis failed, or an
 * older analyzer made it — the same tracks the similarity index leaves out.
 */
export function analysedWindowSpans(
  db: Database,
  trackId: number,
  analyzerVersion: string = ANALYZER_VERSION,
): { startSec: number; durationSec: number }[] {
  return db
    .prepare(
      `SELECT w.start_sec AS startSec, w.duration_sec AS durationSec
         FROM analyses a JOIN analysis_windows w ON w.analysis_id = a.id
        WHERE a.track_id = ? AND a.status = 'ok' AND a.analyzer_version = ?
        ORDER BY w.window_index`,
    )
    .all(trackId, analyzerVersion) as { startSec: number; durationSec: number }[];
}

/** The track's current analysis with its windows, or undefined if it was never analysed. */
export function loadAnalysis(db: Database, trackId: number): StoredAnalysis | undefined {
  const row = db
    .prepare(
      `SELECT id, track_id AS trackId, analyzer_version AS analyzerVersion, window_policy AS windowPolicy,
              file_size AS fileSize, file_mtime_ms AS fileMtimeMs, status, error_kind AS errorKind,
              error_message AS errorMessage, duration_sec AS durationSec, elapsed_ms AS elapsedMs, analysed_at AS analysedAt
         FROM analyses WHERE track_id = ?`,
    )
    .get(trackId) as AnalysisRow | undefined;
  if (!row) return undefined;
  const windows = analysisWindows(db, row.id);
  const { errorKind, errorMessage, ...rest } = row;
  return {
    ...rest,
    error: errorKind === null ? null : { kind: errorKind as AnalysisFailureKind, message: errorMessage ?? '' },
    windows,
  };
}

export interface FeatureRow {
  readonly trackId: number;
  readonly analysisId: number;
  readonly windowIndex: number;
  readonly features: Float64Array;
}

/**
 * Every stored window of successful analyses by the given analyzer version, in one streaming
 * scan: what retraining and re-prediction read instead of decoding audio again.
 */
export function* iterateFeatureWindows(
  db: Database,
  analyzerVersion: string = ANALYZER_VERSION,
): Generator<FeatureRow> {
  const stmt = db.prepare(
    `SELECT a.track_id AS trackId, w.analysis_id AS analysisId, w.window_index AS windowIndex, w.features
       FROM analysis_windows w JOIN analyses a ON a.id = w.analysis_id
      WHERE a.status = 'ok' AND a.analyzer_version = ?
      ORDER BY w.analysis_id, w.window_index`,
  );
  for (const row of stmt.iterate(analyzerVersion) as Iterable<{
    trackId: number;
    analysisId: number;
    windowIndex: number;
    features: Buffer;
  }>) {
    yield {
      trackId: row.trackId,
      analysisId: row.analysisId,
      windowIndex: row.windowIndex,
      features: decodeFeatures(row.features),
    };
  }
}

/**
 * Present tracks whose current analysis failed, newest first, in the shape `genrewise errors` and
 * the UI show for every stage.
 */
export function listAnalysisFailures(db: Database, options: { readonly limit?: number } = {}): FileError[] {
  return db
    .prepare(
      `SELECT t.path, 'analysis' AS stage, a.error_kind AS kind, a.error_message AS message, a.analysed_at AS at
         FROM analyses a JOIN tracks t ON t.id = a.track_id
        WHERE a.status = 'error' AND t.status = 'present'
        ORDER BY a.analysed_at DESC, t.path
        LIMIT ?`,
    )
    .all(options.limit ?? -1) as FileError[];
}

/** Present tracks whose current analysis failed, counted per kind (most frequent first). */
export function countAnalysisFailures(db: Database): CountBy[] {
  return db
    .prepare(
      `SELECT a.error_kind AS key, count(*) AS count
         FROM analyses a JOIN tracks t ON t.id = a.track_id
        WHERE a.status = 'error' AND t.status = 'present'
        GROUP BY a.error_kind ORDER BY count DESC, key`,
    )
    .all() as CountBy[];
}

/** The current analysis `a` of each track `t`, for queries of later stages that show a track's state. */
export const ANALYSIS_JOIN = 'LEFT JOIN analyses a ON a.track_id = t.id';

/** Successful analyses stored, whatever their tracks' state: what re-prediction may read. */
export function countStoredAnalyses(db: Database): number {
  return db.prepare("SELECT count(*) FROM analyses WHERE status = 'ok'").pluck().get() as number;
}

/** Present tracks by the state of their current analysis: stored features, or a failure. */
export function countAnalyses(db: Database): { readonly ok: number; readonly failed: number } {
  const row = db
    .prepare(
      `SELECT coalesce(sum(a.status = 'ok'), 0) AS ok, coalesce(sum(a.status = 'error'), 0) AS failed
         FROM analyses a JOIN tracks t ON t.id = a.track_id WHERE t.status = 'present'`,
    )
    .get() as { ok: number; failed: number };
  return row;
}

/**
 * The stored windows of present tracks' successful analyses, ordered by track and window: what the
 * similarity stage pools per track. `count` is the number of such tracks with at least one window.
 */
export function presentTrackWindows(
  db: Database,
  analyzerVersion: string = ANALYZER_VERSION,
): { readonly count: number; readonly rows: Iterable<{ trackId: number; features: Buffer }> } {
  const where = `t.status = 'present' AND a.status = 'ok' AND a.analyzer_version = ?`;
  const count = db
    .prepare(
      `SELECT count(*) FROM analyses a JOIN tracks t ON t.id = a.track_id
        WHERE ${where} AND EXISTS (SELECT 1 FROM analysis_windows w WHERE w.analysis_id = a.id)`,
    )
    .pluck()
    .get(analyzerVersion) as number;
  const rows = db
    .prepare(
      `SELECT a.track_id AS trackId, w.features
         FROM analyses a JOIN tracks t ON t.id = a.track_id JOIN analysis_windows w ON w.analysis_id = a.id
        WHERE ${where}
        ORDER BY a.track_id, w.window_index`,
    )
    .iterate(analyzerVersion) as Iterable<{ trackId: number; features: Buffer }>;
  return { count, rows };
}

/**
 * Changes whenever present tracks' successful analyses change (a new analysis always gets a new
 * row id; a track marked gone changes the count): cheap enough to read on every request.
 */
export function analysesVersion(db: Database): string {
  const row = db
    .prepare(
      `SELECT count(*) AS n, coalesce(sum(a.id), 0) AS s, coalesce(max(a.id), 0) AS m
         FROM analyses a JOIN tracks t ON t.id = a.track_id WHERE t.status = 'present' AND a.status = 'ok'`,
    )
    .get() as { n: number; s: number; m: number };
  return `${row.n}:${row.s}:${row.m}`;
}
