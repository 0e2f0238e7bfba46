import { chmodSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../core/library/db.js';
import { scanFolders } from '../../core/library/scan.js';
import { openLibrary } from '../../core/service/library-schema.js';
import { writeBatch, type WriteItem } from '../../core/tags/batch.js';
import { copyFixture, fileSha256, fixtureFiles, readTags, removeDir, tempDir } from './fixtures.js';

interface Row {
  id: number;
  path: string;
  size: number;
  mtime_ms: number;
}

// Issue 12, items 10 and 11: write-tags writes only files whose real path lies inside a library
// folder, and respects a folder's missing write bits even when running as root.
describe('what write-tags may write', () => {
  let dir: string;
  let db: Database;
  let music: string;
  let outsideFile: string;
  let readOnlyFile: string;

  beforeAll(async () => {
    dir = tempDir('genrewise-confine-');
    music = join(dir, 'music');
    const mp3 = fixtureFiles().find((f) => f.path.endsWith('.mp3'));
    if (!mp3) throw new Error('no mp3 fixture');
    copyFixture(mp3, music, 'inside.mp3');
    outsideFile = copyFixture(mp3, join(dir, 'elsewhere'), 'not-in-the-library.mp3');
    symlinkSync(outsideFile, join(music, 'link-out.mp3'));
    readOnlyFile = copyFixture(mp3, join(music, 'locked-folder'), 'in-read-only-folder.mp3');
    db = openLibrary(join(dir, 'library.db'));
    await scanFolders(db, [music], { threads: 0 });
    chmodSync(join(music, 'locked-folder'), 0o555);
  });
  afterAll(() => {
    chmodSync(join(music, 'locked-folder'), 0o755);
    db.close();
    removeDir(dir);
  });

  const items = (): WriteItem[] =>
    (
      db.prepare("SELECT id, path, size, mtime_ms FROM tracks WHERE status = 'present' ORDER BY path").all() as Row[]
    ).map((r) => ({
      trackId: r.id,
      path: r.path,
      expectedSize: r.size,
      expectedMtimeMs: r.mtime_ms,
      genres: ['Jazz'],
    }));

  it('refuses a link to a file outside the library folders and one in a read-only folder', async () => {
    const outsideHash = fileSha256(outsideFile);
    const readOnlyHash = fileSha256(readOnlyFile);
    const result = await writeBatch(db, items(), { mode: 'replace' });
    const byName = new Map(result.items.map((i) => [i.path.slice(music.length + 1), i]));
    expect(byName.get('inside.mp3')?.status).toBe('written');
    expect(byName.get('link-out.mp3')).toMatchObject({ status: 'failed', errorKind: 'outside-library' });
    expect(byName.get('locked-folder/in-read-only-folder.mp3')).toMatchObject({
      status: 'failed',
      errorKind: 'read-only',
    });
    expect(fileSha256(outsideFile)).toBe(outsideHash);
    expect(fileSha256(readOnlyFile)).toBe(readOnlyHash);
    expect((await readTags(join(music, 'inside.mp3'))).common.genre).toEqual(['Jazz']);
  });

  it('still writes through a link that stays inside the library', async () => {
    mkdirSync(join(music, 'links'));
    symlinkSync(join(music, 'inside.mp3'), join(music, 'links', 'again.mp3'));
    await scanFolders(db, [music], { threads: 0 });
    const again = items()
      .filter((i) => i.path.endsWith('again.mp3'))
      .map((i) => ({ ...i, genres: ['Blues'] }));
    const result = await writeBatch(db, again, { mode: 'replace' });
    expect(result.items.map((i) => i.status)).toEqual(['written']);
  });
});
