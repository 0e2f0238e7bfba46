import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../core/library/db.js';
import { scanFolders, type ScanSummary } from '../../core/library/scan.js';
import { TagReaderPool } from '../../core/library/tag-reader.js';
import { openLibrary } from '../../core/service/library-schema.js';
import { copyFixtures, FIXTURES_DIR } from './fixture-manifest.js';

/**
 * What a scan of the whole fixture library (tests/fixtures/library and broken/) stores, row by
 * row: every column the tag reader fills and every error row. The snapshot file was written by
 * this test from a real scan (vitest -u), before the scan was made faster; a faster reader has to
 * store exactly the same rows. Timestamps, ids and mtimes (set by the copy) are left out.
 */
const SNAPSHOT = join(FIXTURES_DIR, 'scan', 'fixture-scan.json');

const TRACK_COLUMNS = `path, size, fingerprint, format, container, codec, duration_sec, sample_rate, channels, bitrate,
  title, artist, album, album_artist, year, track_no, disc_no, genres, status`;

interface Row {
  readonly path: string;
}

function scannedRows(db: Database, root: string, summary: ScanSummary): string {
  const relativePath = <T extends Row>(row: T): T => ({ ...row, path: relative(root, row.path) });
  const tracks = (db.prepare(`SELECT ${TRACK_COLUMNS} FROM tracks ORDER BY path`).all() as Row[]).map(relativePath);
  const errors = (
    db.prepare('SELECT path, target, kind, message, size FROM scan_errors ORDER BY path').all() as Row[]
  ).map(relativePath);
  const { files, added, updated, unchanged, removed, errors: errorCount, moved, parsed } = summary;
  const counts = { files, added, updated, unchanged, removed, errors: errorCount, moved, parsed };
  return `${JSON.stringify({ summary: counts, tracks, errors }, null, 2)}\n`;
}

describe.each([
  ['on the calling thread', false],
  ['in worker threads (compiled worker)', true],
] as const)('the fixture library scanned %s', (_label, threaded) => {
  let dir: string;
  let db: Database;
  let pool: TagReaderPool | undefined;
  let rows: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gw-scan-snapshot-'));
    copyFixtures(join(dir, 'music'), { broken: true });
    db = openLibrary(join(dir, 'library.db'));
    if (threaded)
      pool = new TagReaderPool(2, new URL('../../dist/node/core/library/tag-reader-worker.js', import.meta.url));
    const summary = await scanFolders(db, [join(dir, 'music')], pool ? { tagReader: pool } : { threads: 0 });
    rows = scannedRows(db, join(dir, 'music'), summary);
  });

  afterAll(async () => {
    await pool?.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores exactly the rows recorded in tests/fixtures/scan/fixture-scan.json', async () => {
    await expect(rows).toMatchFileSnapshot(SNAPSHOT);
  });
});
