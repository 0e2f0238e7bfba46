import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFitPool } from '../../core/learning/fit-pool.js';
import { DEFAULT_LIMITS } from '../../core/learning/personal-fit.js';
import { buildTrainingSet, type PersonalTrainingSet } from '../../core/learning/training-set.js';
import { collectTrustedLabels } from '../../core/learning/trusted-labels.js';
import { tempLibrary, type TempLibrary } from '../helpers/library.js';
import { seedSyntheticLibrary } from './helpers/synthetic-library.js';

/** The compiled worker (npm test builds first); the TypeScript sources have none. */
const WORKER = resolve(import.meta.dirname, '../../dist/node/core/learning/fit-worker.js');

describe('fits in worker threads', () => {
  let lib: TempLibrary;
  let set: PersonalTrainingSet;
  beforeAll(() => {
    lib = tempLibrary();
    seedSyntheticLibrary(
      lib.db,
      [
        { name: 'Synthwave', tracks: 30 },
        { name: 'Bossa Nova', tracks: 30 },
        { name: 'Soundtrack', tracks: 30 },
      ],
      { separation: 0.4 },
    );
    set = buildTrainingSet(lib.db, collectTrustedLabels(lib.db, { fromTags: true }), { minPerGenre: 10 });
  });
  afterAll(() => lib.close());

  it('give exactly the in-process fits, whichever thread runs which', async () => {
    expect(existsSync(WORKER), `${WORKER} missing: run npm run build`).toBe(true);
    const limits = { ...DEFAULT_LIMITS, maxTrainingWindows: 150, maxSearchWindows: 90 };
    const jobs = [
      { train: set.tracks.map((_, i) => i).filter((i) => i % 3 !== 0), seed: 1 },
      { train: set.tracks.map((_, i) => i).filter((i) => i % 3 !== 1), seed: 2 },
      { train: set.tracks.map((_, i) => i), seed: 3 },
    ];
    const inProcess = createFitPool(set, limits, { threads: 0 });
    expect(inProcess.threads).toBe(0);
    const expected = await Promise.all(jobs.map((j) => inProcess.fit(j.train, j.seed)));
    const pool = createFitPool(set, limits, { threads: 2, workerUrl: pathToFileURL(WORKER) });
    try {
      expect(pool.threads).toBe(2);
      const got = await Promise.all(jobs.map((j) => pool.fit(j.train, j.seed)));
      expect(got).toEqual(expected);
      expect(got[2]!.model.libsvmModel).toBe(expected[2]!.model.libsvmModel);
    } finally {
      await pool.close();
    }
    await expect(pool.fit(jobs[0]!.train, 1)).rejects.toThrow('stopped');
  });
});
