import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readTrack } from '../../core/library/read-track.js';
import { TagReaderPool, TagReaderStartError } from '../../core/library/tag-reader.js';
import { LIBRARY_FIXTURES, loadManifest } from './fixture-manifest.js';

const dir = mkdtempSync(join(tmpdir(), 'gw-tag-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const COMPILED_WORKER = new URL('../../dist/node/core/library/tag-reader-worker.js', import.meta.url);

/** A stand-in worker speaking the protocol: dies on paths containing "crash". */
function fakeWorker(body: string): URL {
  const file = join(dir, `worker-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(file, `import { parentPort } from 'node:worker_threads';\n${body}\n`);
  return pathToFileURL(file);
}

describe('readTrack', () => {
  it('gives the same answers when many files are read at once as one by one', async () => {
    // music-metadata writes into its options object; a shared one made concurrent parses trade
    // ID3v1/APE positions and lose tags. (The threaded scan in scan-fixtures.test.ts is where that
    // interleaving reliably happens; this checks the in-process path gives identical answers.)
    const files = loadManifest().files.map((f) => {
      const path = join(LIBRARY_FIXTURES, f.path);
      return { path, size: statSync(path).size, extension: f.path.slice(f.path.lastIndexOf('.') + 1) };
    });
    const many = [...files, ...files, ...files, ...files];
    const concurrent = await Promise.all(many.map((f) => readTrack(f.path, f.size, f.extension)));
    const sequential = [];
    for (const f of files) sequential.push(await readTrack(f.path, f.size, f.extension));
    expect(concurrent).toEqual([...sequential, ...sequential, ...sequential, ...sequential]);
  });
});

describe('TagReaderPool', () => {
  it.each([
    { io: 'async', inFlight: 8 },
    { io: 'sync', inFlight: 1 },
  ] as const)('reads in worker threads ($io I/O) exactly what the in-process reader reads', async (workerOptions) => {
    const pool = new TagReaderPool(2, COMPILED_WORKER, workerOptions);
    try {
      for (const file of loadManifest().files) {
        const path = join(LIBRARY_FIXTURES, file.path);
        const size = statSync(path).size;
        const extension = file.path.slice(file.path.lastIndexOf('.') + 1);
        const threaded = await pool.read(path, size, extension);
        const inline = await readTrack(path, size, extension);
        expect(threaded.ok ? { ...threaded, reads: 0 } : threaded).toEqual(
          inline.ok ? { ...inline, reads: 0 } : inline,
        );
        if (threaded.ok) expect(await pool.fingerprint(path, size)).toBe(threaded.fingerprint);
      }
    } finally {
      await pool.close();
    }
  });

  it('answers the request a worker died on as a failure, restarts it and finishes the others', async () => {
    const url = fakeWorker(`
      parentPort.postMessage([{ id: 0, kind: 'ready' }]);
      parentPort.on('message', (requests) => {
        const answers = [];
        for (const r of requests) {
          if (r.path.includes('crash')) process.exit(3);
          answers.push({ id: r.id, kind: 'read', result: { ok: true, tags: { title: r.path }, fingerprint: 'x', reads: 1 } });
        }
        parentPort.postMessage(answers);
      });`);
    const pool = new TagReaderPool(1, url);
    try {
      const results = await Promise.all(['a', 'b', 'crash-me', 'c', 'd'].map((p) => pool.read(p, 1, 'mp3')));
      expect(results.map((r) => (r.ok ? 'ok' : r.kind))).toEqual(['ok', 'ok', 'corrupt', 'ok', 'ok']);
      const failed = results[2];
      expect(failed && !failed.ok ? failed.message : '').toMatch(/tag reader failed on this file/);
      expect(await pool.read('e', 1, 'mp3')).toMatchObject({ ok: true });
    } finally {
      await pool.close();
    }
  });

  it('reads on the calling thread when the worker cannot even start, and says why', async () => {
    const pool = new TagReaderPool(1, fakeWorker(`throw new Error('broken build');`));
    const path = join(LIBRARY_FIXTURES, 'ogg/vorbis-semicolon.ogg');
    try {
      const first = await pool.read(path, statSync(path).size, 'ogg');
      expect(first).toMatchObject({ ok: true, tags: { title: 'Semicolon Suite' } });
      expect(pool.startError).toBeInstanceOf(TagReaderStartError);
      expect(pool.startError?.message).toMatch(/could not start: broken build/);
      expect(await pool.read(path, statSync(path).size, 'ogg')).toMatchObject({ ok: true });
    } finally {
      await pool.close();
    }
  });
});
