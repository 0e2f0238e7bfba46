import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiMethod, ApiParams, ApiResult } from '../../shared/api/contract.js';
import type { TrackRow } from '../../shared/api/types.js';
import { forkWorkerSpawner } from '../../core/analysis/fork-spawner.js';
import {
  checkpoints,
  decisionsToReach,
  scoreUndecided,
  type CurvePoint,
} from '../../core/evaluation/learning-curve-score.js';
import {
  allTracks,
  simulateUser,
  waitForJob,
  type ApiCaller,
  type SimulationResult,
} from '../../core/evaluation/learning-curve.js';
import { taggedHalf } from '../../core/evaluation/tagged-half.js';
import type { Database } from '../../core/library/db.js';
import { openLibrary } from '../../core/service/library-schema.js';
import { createApiService } from '../../core/service/api-service.js';
import type { ApiService } from '../../core/service/types.js';
import { synthSignal, writeWav } from '../analysis/helpers/audio.js';

const NAMES = { metal: 'Metal', jazz: 'Jazz', hiphop: 'Hip-Hop' };

function row(path: string, predicted: string | null, decided = false): TrackRow {
  return {
    id: 1,
    path,
    title: null,
    artist: null,
    album: null,
    albumArtist: null,
    year: null,
    trackNo: null,
    discNo: null,
    durationSec: null,
    format: null,
    genres: [],
    predicted,
    confidence: predicted === null ? null : 0.5,
    source: predicted === null ? null : 'default',
    unfamiliar: false,
    decision: decided ? { action: 'choose', genre: 'x', source: 'user', decidedAt: '' } : null,
    status: decided ? 'decided' : 'review',
  };
}

describe('learning-curve scoring', () => {
  const truth = new Map([
    ['/a', 'Metal'],
    ['/b', 'Electronic'],
    ['/c', 'Electronic'],
    ['/d', 'Soundtrack'],
    ['/e', 'Metal'],
    ['/f', 'Hip Hop'],
  ]);
  const rows = [
    row('/a', 'metal'), //            shown "Metal" through the display names: right
    row('/b', 'electronic'), //       a personal genre shown as stored: wrong only by spelling
    row('/c', 'Electronic'), //       right
    row('/d', null), //               no prediction
    row('/e', 'jazz', true), //       decided: not scored
    row('/f', 'hiphop'), //          "Hip-Hop" shown, "Hip Hop" typed: wrong only by spelling
    row('/z', 'metal'), //            not labelled: not scored
  ];

  it('compares the shown genre with the label exactly and counts spelling-only misses apart', () => {
    expect(scoreUndecided(rows, truth, NAMES)).toEqual({
      undecided: 5,
      right: 2,
      spellingOnly: 2,
      unpredicted: 1,
      accuracy: 0.4,
      meanConfidence: (0.5 + 0.5 + 0.5 + 0 + 0.5) / 5,
      byGenre: {
        Metal: { right: 1, total: 1 },
        Electronic: { right: 1, total: 2 },
        Soundtrack: { right: 0, total: 1 },
        'Hip Hop': { right: 0, total: 1 },
      },
    });
    expect(scoreUndecided(rows, truth, NAMES, new Set(['/a', '/d']))).toMatchObject({ undecided: 2, right: 1 });
    expect(scoreUndecided([], truth, NAMES).accuracy).toBe(1);
  });

  it('picks checkpoints and the first point at the target with tracks left', () => {
    const point = (decisions: number, accuracy: number, undecided = 10): CurvePoint => ({
      decisions,
      undecided,
      right: Math.round(accuracy * undecided),
      spellingOnly: 0,
      unpredicted: 0,
      accuracy,
      meanConfidence: null,
      byGenre: {},
    });
    const points = [point(0, 0.1), point(1, 0.5), point(2, 0.92), point(3, 0.85), point(4, 1, 0)];
    expect(checkpoints(points, [2, 0, 2, 9]).map((c) => [c.decisions, c.point?.accuracy ?? null])).toEqual([
      [0, 0.1],
      [2, 0.92],
      [9, null],
    ]);
    expect(decisionsToReach(points, 0.9)).toBe(2);
    expect(decisionsToReach(points, 0.95)).toBeNull(); // the last point has nothing left to score
  });

  const members = [
    ...['1', '2', '3', '4'].map((n) => ({ path: `/x/${n}`, album: 'x', genre: 'Metal' })),
    ...['1', '2', '3'].map((n) => ({ path: `/y/${n}`, album: 'y', genre: 'Metal' })),
    ...['1', '2', '3'].map((n) => ({ path: `/z/${n}`, album: 'z', genre: 'Jazz' })),
    { path: '/w/1', album: 'w', genre: 'Jazz' },
  ];

  it('tags half of every album, the same half for the same seed', () => {
    const half = taggedHalf(members, 7);
    const count = (album: string) => [...half].filter((p) => p.startsWith(`/${album}/`)).length;
    expect(count('x')).toBe(2);
    // Odd albums alternate which side gets the extra track: y and z differ, the total stays near half.
    expect(count('y') + count('z')).toBe(3);
    expect(half.size === 5 || half.size === 6).toBe(true);
    expect([...taggedHalf(members, 7)]).toEqual([...half]);
    const seeds = [1, 2, 3, 4, 5].map((s) => [...taggedHalf(members, s)].sort().join());
    expect(new Set(seeds).size).toBeGreaterThan(1);
  });

  it("or tags half of every genre's albums, whole", () => {
    for (const seed of [1, 2, 3, 4]) {
      const half = taggedHalf(members, seed, 'album');
      const albums = new Set([...half].map((p) => p.split('/')[1]));
      // Whole albums only: every track of a picked album, none of the others.
      for (const m of members) expect(half.has(m.path)).toBe(albums.has(m.album));
      // One of Metal's two albums and one of Jazz's two.
      expect([...albums].filter((a) => a === 'x' || a === 'y')).toHaveLength(1);
      expect([...albums].filter((a) => a === 'z' || a === 'w')).toHaveLength(1);
    }
  });
});

/** The compiled worker: `npm test` builds first; a worker can only run compiled JavaScript. */
const WORKER = ['core/worker/worker.js', 'core/analysis/worker.js']
  .map((p) => resolve(import.meta.dirname, '../../dist/node', p))
  .find((p) => existsSync(p));

describe('learning-curve simulation on a small generated library', () => {
  let dir: string;
  let db: Database;
  let service: ApiService;
  let api: ApiCaller;
  const truth = new Map<string, string>();
  let result: SimulationResult;

  beforeAll(async () => {
    if (!WORKER) throw new Error('compiled analysis worker not found: run npm run build:node');
    dir = mkdtempSync(join(tmpdir(), 'gw-learning-curve-'));
    // Two "albums" of four short clips each, in two genres as the user would type them.
    for (const [album, genre, seedBase] of [
      ['Low Band/First', 'Drone', 1],
      ['High Band/Second', 'Chiptune', 40],
    ] as const) {
      const folder = join(dir, 'music', album);
      mkdirSync(folder, { recursive: true });
      for (let i = 0; i < 4; i++) {
        const path = join(folder, `${i + 1}.wav`);
        writeWav(path, [synthSignal(5, 22050, seedBase + i * 3)], 22050);
        truth.set(path, genre);
      }
    }
    db = openLibrary(join(dir, 'library.db'));
    service = createApiService({
      db,
      spawnWorker: forkWorkerSpawner({ workerPath: WORKER }),
      mediaUrl: (id) => `/media/${id}`,
      env: {},
    });
    api = {
      call: <M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResult<M>> =>
        (service.handlers[method] as (p: ApiParams<M>) => Promise<ApiResult<M>>)(params),
    };
    await api.call('roots.add', { path: join(dir, 'music') });
    expect((await waitForJob(api, await api.call('jobs.scan', {}))).state).toBe('done');
    expect((await waitForJob(api, await api.call('jobs.analyze', {}))).state).toBe('done');
    // Synthetic clips come out confident (and familiar) under the default model: this user asks
    // to review everything, so the queue holds every track.
    await api.call('settings.update', { reviewThreshold: 1 });
    expect((await api.call('review.queue', {})).total).toBe(truth.size);
    result = await simulateUser(api, { truth, learning: 'explicit', fromTags: false, maxDecisions: 5 });
  }, 120_000);

  afterAll(async () => {
    await service?.close();
    db?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('answers the top of the review queue from the truth, one decision per step', async () => {
    const decided = result.steps.filter((s) => s.track !== null);
    expect(result.points.map((p) => p.decisions)).toEqual(result.steps.map((s) => s.decisions));
    expect(result.points[0]?.decisions).toBe(0);
    expect(decided.length).toBe(result.points.length - 1);
    expect(decided).toHaveLength(5);
    expect(result.stopped).toBe('max-decisions');
    expect(result.serviceLearning).toBe(false);
    const rows = new Map((await allTracks(api)).map((r) => [r.path, r]));
    const names = (await api.call('settings.get', {})).displayNames;
    for (const step of decided) {
      const stored = rows.get(step.track!.path)?.decision;
      expect(stored?.source).toBe('user');
      // The decision the app stored shows as the genre the user typed.
      expect(names[stored!.genre!] ?? stored!.genre).toBe(truth.get(step.track!.path));
    }
    expect(new Set(decided.map((s) => s.track!.path)).size).toBe(decided.length);
  });

  it('asks the app to learn after each decision and records what it said', () => {
    const steps = result.steps.slice(1);
    for (const step of steps) {
      expect(step.learn).not.toBeNull();
      expect(step.learn?.by).toBe('simulation');
    }
    // One decision names one genre: nothing to learn yet, and the refusal is kept. Once the
    // decisions name both, "Learn from my library" re-learns and says how many it gets right.
    expect(steps[0]?.learn?.state).toBe('failed');
    expect(steps[0]?.learn?.message).toMatch(/at least two genres/);
    const learnt = steps.findIndex((s) => s.learn?.state === 'done');
    expect(learnt).toBeGreaterThan(0);
    for (const step of steps.slice(learnt)) {
      expect(step.learn?.state).toBe('done');
      expect(step.learn?.message).toMatch(/^re-learned your 2 genres from \d+ labelled tracks/);
    }
  });

  it('scores what the library shows on the undecided tracks after every step', async () => {
    const last = result.points.at(-1)!;
    expect(last.undecided).toBe(truth.size - last.decisions);
    const names = (await api.call('settings.get', {})).displayNames;
    const { decisions, ...score } = last;
    expect(decisions).toBe(5);
    expect(scoreUndecided(await allTracks(api), truth, names)).toEqual(score);
    expect((await api.call('review.queue', {})).total).toBe(last.undecided);
  });

  it("in 'service' mode leaves learning to the service and only waits for its jobs", async () => {
    const more = await simulateUser(api, { truth, learning: 'service', fromTags: false, maxDecisions: 1 });
    expect(more.steps[0]?.learn).toBeNull();
    // What learning followed the decision was the service's own (a background job), if any.
    expect([undefined, 'service']).toContain(more.steps[1]?.learn?.by);
    expect(more.serviceLearning).toBe(true);
    expect(more.points[0]?.undecided).toBe(result.points.at(-1)?.undecided);
    expect(more.points[1]?.undecided).toBe(more.points[0]!.undecided - 1);
    // Whatever the service started after the decision had finished before the measurement.
    const busy = (await api.call('jobs.list', {})).filter((j) => j.state === 'queued' || j.state === 'running');
    expect(busy).toEqual([]);
  });
});
