import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browsePlaces, listFolder } from '../../core/library/folder-browser.js';

describe('the server-side folder browser', () => {
  let home: string;
  let outside: string;
  beforeAll(() => {
    home = realpathSync(mkdtempSync(join(tmpdir(), 'gw-home-')));
    outside = realpathSync(mkdtempSync(join(tmpdir(), 'gw-outside-')));
    for (const d of ['Music/Velvet 819', 'Music/Velvet 82', 'Music/alpha', '.cache', 'Documents']) {
      mkdirSync(join(home, d), { recursive: true });
    }
    writeFileSync(join(home, 'Music', 'notes.txt'), 'not a folder');
    mkdirSync(join(outside, 'secret'));
    symlinkSync(outside, join(home, 'Music', 'escape'));
  });
  afterAll(() => {
    rmSync(home, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it('starts at the home folder and the mounted volumes', async () => {
    const places = await browsePlaces(home);
    expect(places[0]).toBe(home);
    const start = await listFolder(undefined, [home]);
    expect(start).toMatchObject({ path: null, parent: null, folders: [{ name: home, path: home }] });
  });

  it('lists sub-folders in natural order, without hidden ones or files', async () => {
    const music = await listFolder(join(home, 'Music'), [home]);
    expect(music.folders.map((f) => f.name)).toEqual(['alpha', 'escape', 'Velvet 82', 'Velvet 819']);
    expect(music.parent).toBe(home);
    const top = await listFolder(home, [home]);
    expect(top.folders.map((f) => f.name)).toEqual(['Documents', 'Music']);
    expect(top.parent).toBeNull();
  });

  it('refuses folders outside the places, also through a symbolic link', async () => {
    await expect(listFolder(outside, [home])).rejects.toThrow(/only folders in your home folder or on a mounted drive/);
    await expect(listFolder(join(home, 'Music', 'escape'), [home])).rejects.toThrow(/only folders in your home/);
    await expect(listFolder('/etc', [home])).rejects.toMatchObject({ kind: 'bad-request' });
    await expect(listFolder(join(home, 'nope'), [home])).rejects.toMatchObject({ kind: 'not-found' });
  });
});
