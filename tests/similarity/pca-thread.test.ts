import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { matrixFromRows } from '../../core/similarity/matrix.js';
import { principalComponentsOffThread } from '../../core/similarity/pca-thread.js';
import { principalComponents } from '../../core/similarity/pca.js';

// The compiled worker (npm test builds dist/node first); vitest runs the TypeScript sources.
const WORKER = new URL('../../dist/node/core/similarity/pca-worker.js', import.meta.url);

describe('PCA off the main thread', () => {
  const rows = Array.from({ length: 200 }, (_, i) => [Math.sin(i), Math.cos(i / 3) * 2, i / 50, (i * 7) % 11]);
  const m = matrixFromRows(rows);

  it.skipIf(!existsSync(fileURLToPath(WORKER)))(
    'gives exactly the in-process result from a worker thread',
    async () => {
      const here = principalComponents(m, 2);
      const there = await principalComponentsOffThread(m, 2, WORKER);
      expect(Array.from(there.coordinates.data)).toEqual(Array.from(here.coordinates.data));
      expect(there.explained).toEqual(here.explained);
      expect(m.data.length).toBe(800);
    },
  );

  it('runs in place when the worker file is not there (a bundle)', async () => {
    const there = await principalComponentsOffThread(m, 2, new URL('file:///nonexistent/pca-worker.js'));
    expect(there.explained).toEqual(principalComponents(m, 2).explained);
  });
});
