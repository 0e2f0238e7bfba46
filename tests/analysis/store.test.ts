import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ANALYZER_VERSION, FEATURE_NAMES } from '../../shared/features.js';
import type { FileAnalysis } from '../../core/analysis/analyse-file.js';
import {
  decodeFeatures,
  encodeFeatures,
  FeatureBlobError,
  iterateFeatureWindows,
  listAnalysisFailures,
  loadAnalysis,
  saveAnalysis,
  saveAnalysisFailure,
  tracksNeedingAnalysis,
  type TrackToAnalyse,
} from '../../core/analysis/store.js';
import { WINDOW_POLICY_ID } from '../../core/analysis/windows.js';
import { openLibrary } from '../../core/service/library-schema.js';
import type { Database } from '../../core/library/db.js';

const values = (seed: number): number[] => FEATURE_NAMES.map((_, i) => Math.sin(seed * 1000 + i) * 10 ** ((i % 9) - 4));

function analysisOf(seeds: readonly number[]): FileAnalysis {
  return {
    durationSec: 240,
    policy: WINDOW_POLICY_ID,
    windows: seeds.map((seed, index) => ({
      index,
      startSec: 41 + 64 * index,
      durationSec: 30,
      features: values(seed),
    })),
    timings: { probeMs: 1, decodeMs: 2, extractMs: 3 },
  };
}

describe('feature blobs', () => {
  it('round-trip 57 float64 values exactly, little-endian, in FEATURE_NAMES order', () => {
    const v = values(7);
    v[3] = -0;
    v[5] = Number.MIN_VALUE;
    v[6] = 1.7976931348623157e308;
    const blob = encodeFeatures(v);
    expect(blob.length).toBe(57 * 8);
    expect(blob.readDoubleLE(8 * 16)).toBe(v[16]);
    expect(Array.from(decodeFeatures(blob))).toEqual(v);
    // A blob at an odd offset inside a larger buffer (what SQLite may hand back) decodes too.
    const shifted = Buffer.concat([Buffer.from([1]), blob]).subarray(1);
    expect(Array.from(decodeFeatures(shifted))).toEqual(v);
  });

  it('refuses the wrong number of values', () => {
    expect(() => encodeFeatures([1, 2, 3])).toThrow(FeatureBlobError);
    expect(() => decodeFeatures(Buffer.alloc(57 * 8 - 1))).toThrow(FeatureBlobError);
  });
});

describe('analysis storage', () => {
  let dir: string;
  let db: Database;
  let tracks: TrackToAnalyse[];

  const addTrack = (path: string, size: number, mtimeMs: number, durationSec: number | null): TrackToAnalyse => {
    const now = new Date().toISOString();
    const id = Number(
      db
        .prepare(
          'INSERT INTO tracks (root_id, path, size, mtime_ms, duration_sec, added_at, updated_at) VALUES (1, ?, ?, ?, ?, ?, ?)',
        )
        .run(path, size, mtimeMs, durationSec, now, now).lastInsertRowid,
    );
    return { trackId: id, path, size, mtimeMs, durationSec };
  };
  const needing = (target = {}): string[] => tracksNeedingAnalysis(db, target).map((t) => t.path);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'genrewise-store-'));
    db = openLibrary(join(dir, 'library.db'));
    db.prepare("INSERT INTO roots (id, path, added_at) VALUES (1, '/music', '2026-01-01T00:00:00Z')").run();
    tracks = [
      addTrack('/music/b.mp3', 1000, 5000, 240),
      addTrack('/music/a.flac', 2000, 6000, null),
      addTrack('/music/c.ogg', 3000, 7000, 10),
    ];
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists new present tracks by path, with their duration hints', () => {
    db.prepare("UPDATE tracks SET status = 'gone' WHERE path = '/music/c.ogg'").run();
    expect(tracksNeedingAnalysis(db)).toEqual([tracks[1], tracks[0]]);
  });

  it('stores windows and reads them back exactly', () => {
    const at = new Date('2026-02-03T04:05:06.000Z');
    const id = saveAnalysis(db, tracks[0]!, analysisOf([1, 2, 3]), { elapsedMs: 1234.4, at });
    const stored = loadAnalysis(db, tracks[0]!.trackId)!;
    expect(stored).toMatchObject({
      id,
      trackId: tracks[0]!.trackId,
      analyzerVersion: ANALYZER_VERSION,
      windowPolicy: WINDOW_POLICY_ID,
      fileSize: 1000,
      fileMtimeMs: 5000,
      status: 'ok',
      error: null,
      durationSec: 240,
      elapsedMs: 1234,
      analysedAt: at.toISOString(),
    });
    expect(stored.windows.map((w) => [w.index, w.startSec, w.durationSec])).toEqual([
      [0, 41, 30],
      [1, 105, 30],
      [2, 169, 30],
    ]);
    expect(stored.windows.map((w) => Array.from(w.features))).toEqual([values(1), values(2), values(3)]);
    expect(needing()).toEqual(['/music/a.flac', '/music/c.ogg']);
  });

  it('re-analyses only when size, mtime, analyzer version or window policy changed', () => {
    for (const t of tracks) saveAnalysis(db, t, analysisOf([t.trackId]));
    expect(needing()).toEqual([]);
    db.prepare('UPDATE tracks SET mtime_ms = mtime_ms + 1 WHERE path = ?').run('/music/a.flac');
    db.prepare('UPDATE tracks SET size = size + 1 WHERE path = ?').run('/music/c.ogg');
    expect(needing()).toEqual(['/music/a.flac', '/music/c.ogg']);
    expect(needing({ analyzerVersion: 'next-version' })).toHaveLength(3);
    expect(needing({ windowPolicy: 'spread-30s/2' })).toHaveLength(3);
  });

  it('replaces the previous analysis and its windows', () => {
    const first = saveAnalysis(db, tracks[0]!, analysisOf([1, 2, 3]))!;
    const second = saveAnalysis(db, tracks[0]!, analysisOf([9]))!;
    expect(second).not.toBe(first);
    expect(db.prepare('SELECT count(*) FROM analysis_windows WHERE analysis_id = ?').pluck().get(first)).toBe(0);
    expect(loadAnalysis(db, tracks[0]!.trackId)!.windows).toHaveLength(1);
  });

  it('keeps failures without retrying them until the file changes or retryErrors', () => {
    saveAnalysisFailure(db, tracks[0]!, { kind: 'unreadable', message: 'not a readable audio file' });
    expect(loadAnalysis(db, tracks[0]!.trackId)).toMatchObject({
      status: 'error',
      error: { kind: 'unreadable', message: 'not a readable audio file' },
      windows: [],
    });
    expect(needing()).not.toContain('/music/b.mp3');
    expect(needing({ retryErrors: true })).toContain('/music/b.mp3');
    expect(listAnalysisFailures(db)).toEqual([
      {
        path: '/music/b.mp3',
        stage: 'analysis',
        kind: 'unreadable',
        message: 'not a readable audio file',
        at: expect.any(String),
      },
    ]);
    db.prepare('UPDATE tracks SET mtime_ms = 1 WHERE path = ?').run('/music/b.mp3');
    expect(needing()).toContain('/music/b.mp3');
  });

  it('drops a result whose track was deleted meanwhile, and deleting a track removes its analysis', () => {
    saveAnalysis(db, tracks[1]!, analysisOf([1, 2]));
    db.prepare('DELETE FROM tracks WHERE id = ?').run(tracks[0]!.trackId);
    expect(saveAnalysis(db, tracks[0]!, analysisOf([1]))).toBeUndefined();
    db.prepare('DELETE FROM tracks WHERE id = ?').run(tracks[1]!.trackId);
    expect(db.prepare('SELECT count(*) FROM analyses').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM analysis_windows').pluck().get()).toBe(0);
  });

  it('streams the windows of successful analyses of one analyzer version for retraining', () => {
    saveAnalysis(db, tracks[0]!, analysisOf([1, 2]));
    saveAnalysis(db, tracks[1]!, analysisOf([3]), { analyzerVersion: 'older' });
    saveAnalysisFailure(db, tracks[2]!, { kind: 'too-short', message: 'too short' });
    const rows = [...iterateFeatureWindows(db)];
    expect(rows.map((r) => [r.trackId, r.windowIndex])).toEqual([
      [tracks[0]!.trackId, 0],
      [tracks[0]!.trackId, 1],
    ]);
    expect(Array.from(rows[1]!.features)).toEqual(values(2));
  });
});
