import { mkdtempSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TrackStatus } from '../../shared/api/types.js';
import { openLibrary } from '../../core/service/library-schema.js';
import type { Database } from '../../core/library/db.js';
import { scanFolders } from '../../core/library/scan.js';
import { updateTrackAfterWrite } from '../../core/library/tracks.js';
import { saveAnalysis, saveAnalysisFailure, tracksNeedingAnalysis } from '../../core/analysis/store.js';
import { resolveCurrent, shownConfidence } from '../../core/prediction/store.js';
import { fallBackFromContext, saveContextPredictions } from '../../core/prediction/context-store.js';
import { changeSettings } from '../../core/prediction/settings-change.js';
import { decide } from '../../core/decisions/decisions.js';
import { clearDecisions, undoDecisionGroup } from '../../core/review/decision-undo.js';
import { deriveTrackList, refreshTrackList } from '../../core/review/track-list.js';
import { queryTracks } from '../../core/review/track-query.js';
import { copyFixtures } from '../library/fixture-manifest.js';

/**
 * The stored library-table rows (track_list) equal what the rules compute from the stages' tables
 * after every kind of write: scan, rescan with a move, a deletion and an unreadable file,
 * analysis and its failure, prediction, decision, skip, undo, a tag write, re-learns of the
 * library-context model (through the prediction-only refresh) and settings changes.
 * The triggers only mark tracks dirty; a missed trigger leaves a stale row and fails here.
 */

let dir: string;
let music: string;
let db: Database;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gw-track-list-'));
  music = join(dir, 'music');
  copyFixtures(music);
  db = openLibrary(join(dir, 'library.db'));
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function storedRows(): unknown[] {
  return db.prepare('SELECT * FROM track_list ORDER BY track_id').all();
}

function storedTags(): Map<number, string[]> {
  const tags = new Map<number, string[]>();
  for (const r of db.prepare('SELECT track_id, tag FROM track_list_tags ORDER BY track_id, tag').all() as {
    track_id: number;
    tag: string;
  }[])
    tags.set(r.track_id, [...(tags.get(r.track_id) ?? []), r.tag]);
  return tags;
}

/** Refreshes, then compares every stored row and genre list with a fresh computation. */
function expectCurrent(step: string): void {
  refreshTrackList(db);
  const derived = deriveTrackList(db);
  expect(storedRows(), step).toEqual(derived.rows);
  const nonEmpty = new Map([...derived.tags].filter(([, t]) => t.length > 0));
  expect(storedTags(), step).toEqual(nonEmpty);
}

/** How many tracks each dirty table marks: [whole rows, prediction columns only]. */
function dirtyCounts(): [number, number] {
  return [
    db.prepare('SELECT count(*) FROM track_list_dirty').pluck().get() as number,
    db.prepare('SELECT count(*) FROM track_list_prediction_dirty').pluck().get() as number,
  ];
}

/**
 * A re-learn of the library-context model as it stores its result: every track of `ids` gets a
 * new context prediction of `genre(i)` with probability `probability(i)`, a third of them
 * unfamiliar; tracks it no longer predicts fall back to their other models.
 */
function relearn(ids: readonly number[], genre: (i: number) => string, probability: (i: number) => number): void {
  const analysisOf = db.prepare('SELECT id FROM analyses WHERE track_id = ?').pluck();
  const rows = ids.map((trackId, i) => {
    const oodScore = i % 3 === 2 ? 1.2 : 0.4;
    return {
      trackId,
      analysisId: analysisOf.get(trackId) as number,
      genre: genre(i),
      probability: probability(i),
      confidence: shownConfidence(probability(i), oodScore),
      oodScore,
      probabilities: { [genre(i)]: probability(i) },
      reason: `re-learn ${i}`,
    };
  });
  fallBackFromContext(db, saveContextPredictions(db, rows, '2026-01-02'));
}

function statusOf(id: number): TrackStatus {
  return db.prepare('SELECT status FROM track_list WHERE track_id = ?').pluck().get(id) as TrackStatus;
}

const scan = (): ReturnType<typeof scanFolders> => scanFolders(db, [music], { threads: 0 });

function predict(ids: readonly number[], genre: string, confidence: number): void {
  const insert = db.prepare(
    `INSERT INTO predictions (track_id, model_id, analysis_id, genre, probability, confidence, probabilities, predicted_at)
     VALUES (?, 'svc', (SELECT id FROM analyses WHERE track_id = ?), ?, ?, ?, '{}', '2026-01-01')
     ON CONFLICT(track_id, model_id) DO UPDATE SET genre = excluded.genre, confidence = excluded.confidence`,
  );
  for (const id of ids) insert.run(id, id, genre, confidence, confidence);
  resolveCurrent(db, { defaultId: 'svc', personalId: null, personalMinConfidence: 0.8 }, ids);
}

describe('the library table rows stay equal to the rules', () => {
  it('after every kind of write', async () => {
    await scan();
    expectCurrent('scan');
    const ids = db.prepare("SELECT id FROM tracks WHERE status = 'present' ORDER BY id").pluck().all() as number[];
    expect(ids.length).toBeGreaterThan(8);
    expect(new Set(ids.map(statusOf))).toEqual(new Set(['new']));

    const toAnalyse = tracksNeedingAnalysis(db);
    const [failing, ...good] = toAnalyse;
    saveAnalysisFailure(db, failing!, { kind: 'too-short', message: 'shorter than one window' });
    for (const t of good)
      saveAnalysis(db, t, {
        durationSec: 30,
        policy: 'spread-30s/1',
        windows: [{ index: 0, startSec: 0, durationSec: 30, features: new Array<number>(57).fill(0.5) }],
        timings: { probeMs: 0, decodeMs: 0, extractMs: 0 },
      });
    expectCurrent('analysis');
    expect(statusOf(failing!.trackId)).toBe('error');
    expect(statusOf(good[0]!.trackId)).toBe('analysed');

    const analysed = good.map((t) => t.trackId);
    predict(analysed.slice(0, 4), 'jazz', 0.9);
    predict(analysed.slice(4), 'metal', 0.3);
    expectCurrent('prediction');
    expect(statusOf(analysed[4]!)).toBe('review');

    decide(db, analysed[4]!, { action: 'accept' });
    decide(db, analysed[5]!, { action: 'choose', genre: 'Bossa Nova' });
    decide(db, analysed[6]!, { action: 'skip' });
    decide(db, failing!.trackId, { action: 'choose', genre: 'rock' });
    expectCurrent('decisions');
    expect(statusOf(analysed[6]!)).toBe('skipped');
    expect(statusOf(failing!.trackId)).toBe('decided');

    clearDecisions(db, [analysed[5]!]);
    const decidedAt = db
      .prepare('SELECT decided_at FROM decisions WHERE track_id = ?')
      .pluck()
      .get(analysed[4]) as string;
    undoDecisionGroup(db, decidedAt, 'user');
    expectCurrent('undo');

    updateTrackAfterWrite(db, analysed[0]!, { genres: ['Jazz'], size: 1, mtimeMs: 1, fingerprint: null });
    decide(db, analysed[0]!, { action: 'accept' });
    expectCurrent('tag write');
    expect(statusOf(analysed[0]!)).toBe('written');

    // Re-learns change only predictions: they take the prediction-only refresh, whose rows must
    // still equal a full derivation — every confidence changes, a few genres change, a
    // confident track falls under the threshold, and tracks the model no longer predicts fall back.
    const first = (i: number): number => 0.62 + 0.01 * i;
    relearn(analysed, (i) => (i % 2 === 0 ? 'jazz' : 'metal'), first);
    expect(dirtyCounts()).toEqual([0, analysed.length]);
    expectCurrent('re-learn');
    const confident = analysed.find((id, i) => i % 3 !== 2 && first(i) < 0.64 && statusOf(id) === 'predicted');
    expect(confident).toBeDefined();
    relearn(
      analysed,
      (i) => (i === 1 || i === 4 ? 'blues' : i % 2 === 0 ? 'jazz' : 'metal'),
      (i) => first(i) * 0.95,
    );
    expect(dirtyCounts()).toEqual([0, analysed.length]);
    expectCurrent('re-learn, every confidence changed');
    expect(statusOf(confident!)).toBe('review');
    relearn(
      analysed.slice(0, -2),
      () => 'rock',
      (i) => 0.9 - 0.01 * i,
    );
    expectCurrent('re-learn dropping two tracks');
    expect(dirtyCounts()).toEqual([0, 0]);

    changeSettings(db, { reviewThreshold: 0.95 });
    expectCurrent('threshold');
    expect(statusOf(analysed[1]!)).toBe('review');
    changeSettings(db, { aliases: { jazz: 'metal' } });
    expectCurrent('aliases');

    const moved = db.prepare('SELECT path FROM tracks WHERE id = ?').pluck().get(analysed[1]) as string;
    renameSync(moved, join(music, 'moved.mp3'));
    const deleted = db.prepare('SELECT path FROM tracks WHERE id = ?').pluck().get(analysed[2]) as string;
    unlinkSync(deleted);
    const broken = db.prepare('SELECT path FROM tracks WHERE id = ?').pluck().get(analysed[3]) as string;
    writeFileSync(broken, 'not audio at all');
    await scan();
    expectCurrent('rescan');
    expect(statusOf(analysed[2]!)).toBe('gone');

    db.prepare('DELETE FROM tracks WHERE id = ?').run(analysed[2]);
    expectCurrent('delete');
  });

  it('orders numbers by value and ignores case and accents (natural sort)', () => {
    const now = '2026-01-01';
    db.prepare("INSERT INTO roots (path, added_at) VALUES ('/m', ?)").run(now);
    const insert = db.prepare(
      `INSERT INTO tracks (root_id, path, size, mtime_ms, title, artist, album, genres, added_at, updated_at)
       VALUES (1, ?, 1, 0, ?, ?, ?, '[]', ?, ?)`,
    );
    insert.run('/m/a.mp3', 'Velvet 819', 'b', null, now, now);
    insert.run('/m/b.mp3', 'velvet 82', 'B', null, now, now);
    insert.run('/m/c.mp3', 'Élan', 'a', null, now, now);
    insert.run('/m/d.mp3', 'elan 2', 'A', null, now, now);
    insert.run('/m/Zed/Live 9/e.mp3', null, null, null, now, now);
    const titles = (sort: 'title' | 'artist', descending = false): (string | null)[] =>
      queryTracks(db, { sort, descending }).rows.map((r) => r.title ?? r.path);
    expect(titles('title')).toEqual(['/m/Zed/Live 9/e.mp3', 'Élan', 'elan 2', 'velvet 82', 'Velvet 819']);
    expect(titles('title', true)).toEqual(['Velvet 819', 'velvet 82', 'elan 2', 'Élan', '/m/Zed/Live 9/e.mp3']);
    // The untagged file sorts by the artist its folders suggest, "Zed", as the table shows it.
    expect(titles('artist')).toEqual(['Élan', 'elan 2', 'Velvet 819', 'velvet 82', '/m/Zed/Live 9/e.mp3']);
  });
});
