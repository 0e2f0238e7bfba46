import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_DISPLAY_NAMES, GTZAN_GENRES } from '../../shared/genres.js';
import { ANALYZER_VERSION } from '../../shared/features.js';
import { WINDOW_POLICY_ID } from '../../core/analysis/windows.js';
import { openLibrary } from '../../core/service/library-schema.js';
import { libraryErrors, libraryErrorsOffThread } from '../../core/service/library-errors.js';
import { buildLargeLibrary } from '../../scripts/bench/lib/large-library.js';
import { tempLibrary, type TempLibrary } from '../helpers/library.js';

// The compiled worker (npm test builds dist/node first); vitest runs the TypeScript sources.
const WORKER = new URL('../../dist/node/core/service/library-errors-worker.js', import.meta.url);
const built = existsSync(fileURLToPath(WORKER));

/**
 * Issue 15: at 100,000 tracks `library.errors` took 370–410 ms when the database's pages were not
 * in memory (it reads the track of every failed analysis), and the server answers one request at
 * a time. The list is now read on a connection of its own in a worker thread.
 */
describe('the file errors, off the main thread', () => {
  let lib: TempLibrary;
  beforeEach(() => {
    lib = tempLibrary();
    buildLargeLibrary(lib.db, {
      tracks: 3000,
      vocabulary: {
        genres: GTZAN_GENRES,
        displayNames: DEFAULT_DISPLAY_NAMES,
        analyzerVersion: ANALYZER_VERSION,
        windowPolicy: WINDOW_POLICY_ID,
      },
    });
  });
  afterEach(() => lib.close());

  it.skipIf(!built && process.env.CI !== 'true')('lists exactly what the list read in place does', async () => {
    const here = libraryErrors(lib.db, 500);
    expect(new Set(here.map((e) => e.stage))).toEqual(new Set(['scan', 'analysis']));
    expect(await libraryErrorsOffThread(lib.db, 500, WORKER)).toEqual(here);
    expect(await libraryErrorsOffThread(lib.db, 3, WORKER)).toEqual(libraryErrors(lib.db, 3));
  });

  it.skipIf(!built && process.env.CI !== 'true')('leaves the main thread free while it reads', async () => {
    let ticked = false;
    setTimeout(() => (ticked = true), 0);
    await libraryErrorsOffThread(lib.db, 500, WORKER);
    // Read in place, the list would be back before the timer's turn came.
    expect(ticked).toBe(true);
  });

  it('reads in place without the worker file (a bundle) and for a library in memory', async () => {
    const missing = new URL('file:///nonexistent/library-errors-worker.js');
    expect(await libraryErrorsOffThread(lib.db, 500, missing)).toEqual(libraryErrors(lib.db, 500));
    const memory = openLibrary(':memory:');
    try {
      memory
        .prepare(
          "INSERT INTO scan_errors (path, target, kind, message, at) VALUES ('/m/a.mp3', 'file', 'unreadable', 'bad', 'now')",
        )
        .run();
      expect((await libraryErrorsOffThread(memory, 500, WORKER)).map((e) => e.path)).toEqual(['/m/a.mp3']);
    } finally {
      memory.close();
    }
  });
});
