import type { KnownTrack } from './scan-plan.js';
import type { TagReader } from './tag-reader.js';
import type { WalkedFile } from './walk.js';

/**
 * Matches a new path to a missing track of the same size by content fingerprint, preferring one
 * with the same mtime. Each missing track is claimed at most once, so two identical copies never
 * collapse into one.
 */
export async function findMovedTrack(
  reader: TagReader,
  file: WalkedFile,
  candidates: readonly KnownTrack[],
  claimed: Set<number>,
): Promise<KnownTrack | undefined> {
  const fingerprint = await reader.fingerprint(file.path, file.size);
  if (fingerprint === undefined) return undefined;
  const open = candidates.filter((t) => !claimed.has(t.id) && t.fingerprint === fingerprint);
  const match = open.find((t) => t.mtimeMs === file.mtimeMs) ?? open[0];
  if (match) claimed.add(match.id);
  return match;
}
