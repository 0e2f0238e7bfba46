import { resolve, sep } from 'node:path';
import type { Database } from './db.js';

export interface LibraryRoot {
  readonly id: number;
  readonly path: string;
  readonly addedAt: string;
  readonly lastScanAt: string | null;
}

interface RootDbRow {
  id: number;
  path: string;
  added_at: string;
  last_scan_at: string | null;
}

const toRoot = (r: RootDbRow): LibraryRoot => ({
  id: r.id,
  path: r.path,
  addedAt: r.added_at,
  lastScanAt: r.last_scan_at,
});

/** `folder` itself or something inside it (by path, not by following links). */
export function isWithin(path: string, folder: string): boolean {
  if (path === folder) return true;
  const prefix = folder.endsWith(sep) ? folder : folder + sep;
  return path.startsWith(prefix);
}

/**
 * SQL range that selects paths inside `folder` using the path index: every such path starts with
 * `folder/`, and `/` + 1 is `0`, so they sort in [`folder/`, `folder0`).
 */
export function pathRange(folder: string): { from: string; to: string } {
  const base = folder.endsWith(sep) ? folder.slice(0, -1) : folder;
  return { from: base + sep, to: base + String.fromCharCode(sep.charCodeAt(0) + 1) };
}

export function listRoots(db: Database): LibraryRoot[] {
  return (db.prepare('SELECT id, path, added_at, last_scan_at FROM roots ORDER BY path').all() as RootDbRow[]).map(
    toRoot,
  );
}

/**
 * The root a folder belongs to, creating it when needed. A folder inside an existing root
 * belongs to that root (scanning it refreshes just that part). A new root that contains existing
 * roots absorbs them: their tracks and errors move to it and the inner roots are dropped, so
 * every track has exactly one root and removing a root removes what it shows.
 */
export function ensureRoot(db: Database, folder: string, now: string): LibraryRoot {
  const path = resolve(folder);
  return db.transaction((): LibraryRoot => {
    const roots = listRoots(db);
    const container = roots.find((r) => isWithin(path, r.path));
    if (container) return container;
    const id = Number(db.prepare('INSERT INTO roots (path, added_at) VALUES (?, ?)').run(path, now).lastInsertRowid);
    for (const inner of roots.filter((r) => isWithin(r.path, path))) {
      db.prepare('UPDATE tracks SET root_id = ? WHERE root_id = ?').run(id, inner.id);
      db.prepare('UPDATE scan_errors SET root_id = ? WHERE root_id = ?').run(id, inner.id);
      db.prepare('DELETE FROM roots WHERE id = ?').run(inner.id);
    }
    return toRoot(db.prepare('SELECT id, path, added_at, last_scan_at FROM roots WHERE id = ?').get(id) as RootDbRow);
  })();
}

export function markRootScanned(db: Database, rootId: number, at: string): void {
  db.prepare('UPDATE roots SET last_scan_at = ? WHERE id = ?').run(at, rootId);
}

/** Forgets a library folder and, through the foreign keys, everything stored about its tracks. */
export function removeRoot(db: Database, id: number): boolean {
  return db.prepare('DELETE FROM roots WHERE id = ?').run(id).changes > 0;
}
