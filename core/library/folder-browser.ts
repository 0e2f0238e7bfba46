import { readdir, realpath, stat } from 'node:fs/promises';
import { homedir, userInfo } from 'node:os';
import path from 'node:path';
import type { FolderListing } from '../../shared/api/types.js';
import { KindedError } from '../../shared/api/contract.js';

/** A folder outside the places the browser may show, or one that cannot be read. */
export class FolderBrowseError extends KindedError {
  override name = 'FolderBrowseError';
}

/** Where mounted volumes appear on Linux and macOS; those that exist are offered. */
function volumeParents(): string[] {
  const user = (() => {
    try {
      return userInfo().username;
    } catch {
      return '';
    }
  })();
  return ['/media', user ? `/media/${user}` : '', '/mnt', user ? `/run/media/${user}` : '', '/Volumes'].filter(
    (p) => p !== '',
  );
}

async function isFolder(p: string): Promise<boolean> {
  return (await stat(p).catch(() => undefined))?.isDirectory() ?? false;
}

/**
 * The places the folder browser starts from: the user's home and every mounted volume (each
 * folder in /media, /media/<user>, /mnt, /run/media/<user>, /Volumes), real paths, no duplicates.
 */
export async function browsePlaces(home: string = homedir()): Promise<string[]> {
  const places = new Set<string>();
  if (await isFolder(home)) places.add(await realpath(home));
  for (const parent of volumeParents()) {
    const entries = await readdir(parent, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const full = path.join(parent, e.name);
      if (await isFolder(full)) places.add(await realpath(full).catch(() => full));
    }
  }
  return [...places];
}

function inside(child: string, parent: string): boolean {
  return child === parent || child.startsWith(parent.endsWith(path.sep) ? parent : parent + path.sep);
}

const naturally = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/**
 * The sub-folders of `folder` (hidden ones left out), for choosing a music folder from a browser
 * under `genrewise serve`: only inside the home folder and mounted volumes, after following
 * symbolic links, so a web page cannot list the rest of the machine. Without a folder: the places.
 */
export async function listFolder(folder: string | undefined, places?: readonly string[]): Promise<FolderListing> {
  const roots = places ?? (await browsePlaces());
  const placeEntries = roots.map((p) => ({ name: p, path: p }));
  if (folder === undefined || folder.trim() === '')
    return { path: null, parent: null, folders: placeEntries, places: placeEntries };
  const real = await realpath(path.resolve(folder)).catch(() => {
    throw new FolderBrowseError('not-found', `no such folder: ${folder}`);
  });
  const place = roots.filter((r) => inside(real, r)).sort((a, b) => b.length - a.length)[0];
  if (place === undefined)
    throw new FolderBrowseError(
      'bad-request',
      `only folders in your home folder or on a mounted drive can be browsed: ${folder}`,
    );
  const entries = await readdir(real, { withFileTypes: true }).catch((err: Error) => {
    throw new FolderBrowseError('bad-request', `cannot read ${real}: ${err.message}`);
  });
  const folders: { name: string; path: string }[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const full = path.join(real, e.name);
    if (e.isDirectory() || (e.isSymbolicLink() && (await isFolder(full)))) folders.push({ name: e.name, path: full });
  }
  folders.sort((a, b) => naturally.compare(a.name, b.name));
  return { path: real, parent: real === place ? null : path.dirname(real), folders, places: placeEntries };
}
