import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readTrack } from '../../electron/library/read-track.js';
import { TagReaderPool, TagReaderStartError } from '../../electron/library/tag-reader.js';
import { LIBRARY_FIXTURES, loadManifest } from './fixture-manifest.js';

const dir = mkdtempSync(join(tmpdir(), 'gw-tag-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const COMPILED_WORKER = new URL('../../dist/node/electron/library/tag-reader-worker.js', import.meta.url);

/** A stand-in worker speaking the protocol: dies on paths containing "crash". */
function fakeWorker(body: string): URL {
  const file = join(dir, `worker-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(file, `import { parentPort } from 'node:worker_threads';\n${body}\n`);
  return pathToFileURL(file);
}

describe('TagReaderPool', () => {
  it('reads in worker threads exactly what the in-process reader reads', async () => {
    const pool = new TagReaderPool(2, COMPILED_WORKER);
    try {
      for (const file of loadManifest().files) {
        const path = join(LIBRARY_FIXTURES, file.path);
        const size = statSync(path).size;
        const extension = file.path.slice(file.path.lastIndexOf('.') + 1);
        const threaded = await pool.read(path, size, extension);
        const inline = await readTrack(path, size, extension);
        expect(threaded.ok ? { ...threaded, reads: 0 } : threaded).toEqual(inline.ok ? { ...inline, reads: 0 } : inline);
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
