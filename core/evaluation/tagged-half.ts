import { seededRandom, shuffled } from '../model/random.js';

export interface AlbumMember {
  readonly path: string;
  /** Album key (album + album artist, or the folder): tracks sharing it are one stratum. */
  readonly album: string;
}

/**
 * The half of a library that keeps its genre tag in the learning-curve bench's tagged variant:
 * within each album (in sorted album order) a seeded shuffle of its tracks, the first half kept.
 * Albums with an odd count give the extra track alternately to the tagged and the untagged side,
 * so the whole library splits as evenly as the albums allow and every album of two or more tracks
 * has tagged and untagged tracks. The same seed gives the same half on every machine.
 */
export function taggedHalf(members: readonly AlbumMember[], seed: number): Set<string> {
  const random = seededRandom(seed);
  const byAlbum = new Map<string, string[]>();
  for (const m of members) {
    const list = byAlbum.get(m.album);
    if (list) list.push(m.path);
    else byAlbum.set(m.album, [m.path]);
  }
  const tagged = new Set<string>();
  let extraToTagged = random() < 0.5;
  for (const album of [...byAlbum.keys()].sort()) {
    const paths = shuffled([...(byAlbum.get(album) ?? [])].sort(), random);
    let take = Math.floor(paths.length / 2);
    if (paths.length % 2 === 1) {
      if (extraToTagged) take++;
      extraToTagged = !extraToTagged;
    }
    for (const path of paths.slice(0, take)) tagged.add(path);
  }
  return tagged;
}
