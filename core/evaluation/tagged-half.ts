import { seededRandom, shuffled, type Random } from '../model/random.js';

export interface AlbumMember {
  readonly path: string;
  /** Album key (album + album artist, or the folder): tracks sharing it are one stratum. */
  readonly album: string;
  readonly genre: string;
}

/**
 * How the learning-curve bench's tagged variant picks the half of a library that keeps its genre
 * tags. 'track': half of every album's tracks (album context then knows every album's genre);
 * 'album': half of every genre's albums, whole (the untagged albums must be recognised by how
 * they sound, or the artist, alone).
 */
export type TagSplit = 'track' | 'album';

/** Shared by both splits: strata in sorted order, half of each, odd extras alternating sides. */
function halfOfEach(strata: ReadonlyMap<string, readonly string[]>, random: Random): string[] {
  const picked: string[] = [];
  let extraToTagged = random() < 0.5;
  for (const key of [...strata.keys()].sort()) {
    const items = shuffled([...(strata.get(key) ?? [])].sort(), random);
    let take = Math.floor(items.length / 2);
    if (items.length % 2 === 1) {
      if (extraToTagged) take++;
      extraToTagged = !extraToTagged;
    }
    picked.push(...items.slice(0, take));
  }
  return picked;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string, value: (item: T) => string): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const item of items) {
    const list = groups.get(key(item));
    const v = value(item);
    if (!list) groups.set(key(item), [v]);
    else if (!list.includes(v)) list.push(v);
  }
  return groups;
}

/**
 * The tagged half, seeded: within each stratum (album for 'track', genre for 'album') a seeded
 * shuffle, the first half kept. Strata with an odd count give the extra item alternately to the
 * tagged and the untagged side, so the library splits as evenly as its albums allow. The same
 * seed gives the same half on every machine.
 */
export function taggedHalf(members: readonly AlbumMember[], seed: number, split: TagSplit = 'track'): Set<string> {
  const random = seededRandom(seed);
  if (split === 'track') {
    return new Set(
      halfOfEach(
        groupBy(
          members,
          (m) => m.album,
          (m) => m.path,
        ),
        random,
      ),
    );
  }
  // An album is counted under the genre most of its tracks have (the first such, in sorted order).
  const votes = new Map<string, Map<string, number>>();
  for (const m of members) {
    const counts = votes.get(m.album) ?? new Map<string, number>();
    counts.set(m.genre, (counts.get(m.genre) ?? 0) + 1);
    votes.set(m.album, counts);
  }
  const albumGenre = new Map(
    [...votes].map(([album, counts]) => {
      const best = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
      return [album, best?.[0] ?? ''];
    }),
  );
  const albums = new Set(
    halfOfEach(
      groupBy(
        [...albumGenre],
        ([, genre]) => genre,
        ([album]) => album,
      ),
      random,
    ),
  );
  return new Set(members.filter((m) => albums.has(m.album)).map((m) => m.path));
}
