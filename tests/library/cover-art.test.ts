import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findCoverArt } from '../../core/library/cover-art.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/library');
/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

describe('cover art', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gw-cover-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the picture embedded in the file', async () => {
    const art = await findCoverArt(join(FIXTURES, 'mp3/id3v23-slash-cover.mp3'));
    expect(art?.source).toBe('embedded');
    expect(art?.mime).toMatch(/^image\//);
    expect(art?.data.length).toBeGreaterThan(0);
  });

  it('else takes cover.jpg / folder.png beside the file, cover before folder, any case', async () => {
    const track = join(dir, 'track.mp3');
    copyFileSync(join(FIXTURES, 'mp3/id3v1-only.mp3'), track);
    expect(await findCoverArt(track)).toBeNull();
    writeFileSync(join(dir, 'Folder.PNG'), PNG);
    expect(await findCoverArt(track)).toMatchObject({ source: 'folder', mime: 'image/png' });
    writeFileSync(join(dir, 'cover.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xd9]));
    expect(await findCoverArt(track)).toMatchObject({ source: 'folder', mime: 'image/jpeg' });
    writeFileSync(join(dir, 'notes.txt'), 'cover');
    expect([...((await findCoverArt(track))?.data ?? [])]).toEqual([0xff, 0xd8, 0xff, 0xd9]);
  });
});
