import { mkdirSync, realpathSync, statSync, statfsSync } from 'node:fs';
import path from 'node:path';
import { KindedError } from '../../shared/api/contract.js';

export class OutputFolderError extends KindedError {
  override name = 'OutputFolderError';
  constructor(message: string) {
    super('bad-request', message);
  }
}

/** Kernel pseudo file systems (statfs f_type): their "folders" are not places to write playlists. */
const PSEUDO_FILE_SYSTEMS: ReadonlySet<number> = new Set([
  0x9fa0, // proc
  0x62656572, // sysfs
  0x1cd1, // devpts
  0x27e0eb, // cgroup
  0x63677270, // cgroup2
  0x64626720, // debugfs
  0x74726163, // tracefs
  0x73636673, // securityfs
  0xcafe4a11, // bpf
  0x62656570, // configfs
  0x65735543, // fusectl
  0x6165676c, // pstore
  0xde5e81e4, // efivarfs
  0x42494e4d, // binfmt_misc
  0x19800202, // mqueue
]);

/** Device and kernel trees (devtmpfs reports the same f_type as an ordinary tmpfs, so by path too). */
const SPECIAL_TREES = process.platform === 'linux' ? ['/proc', '/sys', '/dev'] : ['/dev'];

/** Deeper than this many new folders is a typo, not a playlist folder. */
const MAX_NEW_FOLDERS = 32;

function isWithin(tree: string, target: string): boolean {
  return target === tree || target.startsWith(`${tree}/`);
}

/** The deepest part of `folder` that exists, and the names below it still to create. */
function existingAncestor(folder: string): { existing: string; missing: string[] } {
  const missing: string[] = [];
  let current = folder;
  for (;;) {
    try {
      statSync(current);
      return { existing: current, missing };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') throw new OutputFolderError(`cannot use ${folder} for playlists: ${code ?? err}`);
    }
    const parent = path.dirname(current);
    if (parent === current) throw new OutputFolderError(`cannot use ${folder} for playlists: no such disk`);
    missing.unshift(path.basename(current));
    if (missing.length > MAX_NEW_FOLDERS)
      throw new OutputFolderError(`${folder} would need more than ${MAX_NEW_FOLDERS} new folders`);
    current = parent;
  }
}

function refuseSpecial(folder: string, real: string): void {
  if (SPECIAL_TREES.some((tree) => isWithin(tree, real)))
    throw new OutputFolderError(`${folder} is a system folder (${real}), not a place for playlists`);
  let type: number | undefined;
  try {
    type = statfsSync(real).type;
  } catch {
    type = undefined;
  }
  if (type !== undefined && PSEUDO_FILE_SYSTEMS.has(type))
    throw new OutputFolderError(`${folder} lies on a kernel file system, not a place for playlists`);
}

/**
 * Makes sure `folder` is an ordinary folder to write playlists into, creating what is missing one
 * level at a time. Refuses /proc, /sys, /dev and kernel pseudo file systems (where Node's own
 * recursive mkdir can loop forever: `/proc/x` hung the server), files in the way, and absurd depths.
 */
export function prepareOutputFolder(folder: string): void {
  const { existing, missing } = existingAncestor(folder);
  refuseSpecial(folder, realpathSync(existing));
  if (!statSync(existing).isDirectory()) throw new OutputFolderError(`${existing} is not a folder`);
  let current = existing;
  for (const name of missing) {
    current = path.join(current, name);
    try {
      mkdirSync(current);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST')
        throw new OutputFolderError(`cannot create the playlist folder ${current}: ${(err as Error).message}`);
    }
  }
  if (!statSync(folder).isDirectory()) throw new OutputFolderError(`${folder} is not a folder`);
}
