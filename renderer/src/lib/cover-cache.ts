import { client } from '../api/transport';

/** Covers asked for in this session, by track: each is fetched once, however often it is shown. */
const covers = new Map<number, Promise<string | null>>();
const MAX_COVERS = 500;

/** The track's cover as a data: URL (null when it has none), fetched on first use and cached. */
export function coverFor(trackId: number): Promise<string | null> {
  const known = covers.get(trackId);
  if (known) return known;
  const pending = client()
    .call('tracks.cover', { id: trackId })
    .then((r) => r.dataUrl)
    .catch(() => {
      covers.delete(trackId);
      return null;
    });
  covers.set(trackId, pending);
  if (covers.size > MAX_COVERS) {
    const oldest = covers.keys().next().value;
    if (oldest !== undefined) covers.delete(oldest);
  }
  return pending;
}

/** Forgets every cover (the files may have changed). */
export function clearCovers(): void {
  covers.clear();
}
