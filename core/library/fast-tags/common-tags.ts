import type { GenreTagStyle } from '../genre-values.js';
import type { CommonFields } from '../track-tags.js';

/**
 * The part of music-metadata's MetadataCollector that decides the fields the scanner stores
 * (title, artist, album, album artist, year, track, disc, genres), with its rules kept exactly:
 * tag priorities by origin, singleton fields where a later value from an origin of the same or a
 * better priority wins, unique lists, the artist/artists cross-filling, `date` setting the year
 * whatever its origin, track and disc numbers taken from whichever tag comes last.
 */

/** music-metadata's TagPriority order (MetadataCollector), for the origins read here. */
export const ORIGIN_PRIORITY = {
  APEv2: 2,
  vorbis: 3,
  'ID3v2.4': 4,
  'ID3v2.3': 5,
  exif: 7,
  iTunes: 9,
  AIFF: 10,
  ID3v1: 11,
} as const;
export type TagOrigin = keyof typeof ORIGIN_PRIORITY;
const ARTIFICIAL = 500;

/** The common ids this collector keeps (anything else a mapper yields is of no use to the scan). */
export type CommonId =
  | 'title'
  | 'artist'
  | 'artists'
  | 'albumartist'
  | 'albumartists'
  | 'album'
  | 'date'
  | 'year'
  | 'track'
  | 'disk'
  | 'genre';

type SingleId = 'title' | 'artist' | 'albumartist' | 'album' | 'date' | 'year';
type ListId = 'artists' | 'albumartists' | 'genre';

export class CommonTags {
  private readonly single: Partial<Record<SingleId, string | number>> = {};
  private readonly lists: Partial<Record<ListId, (string | number)[]>> = {};
  private readonly origin: Partial<Record<CommonId, number>> = {};
  private trackNo: number | null = null;
  private diskNo: number | null = null;
  /** Whether an ID3 origin gave a genre (decides how genre values split). */
  private id3Genre = false;

  /** One native tag, already mapped to its common id (the tag mapper's job). */
  add(origin: TagOrigin, id: CommonId, value: string | number): void {
    this.postMap(ORIGIN_PRIORITY[origin], id, value);
  }

  /** A genre came from an ID3 genre frame (TCON, ID3v1's genre byte): ID3 splitting rules apply. */
  markId3Genre(): void {
    this.id3Genre = true;
  }

  get genreStyle(): GenreTagStyle {
    return this.id3Genre ? 'id3' : 'other';
  }

  fields(): CommonFields {
    const s = this.single;
    return {
      title: s.title as string | undefined,
      artist: s.artist as string | undefined,
      album: s.album as string | undefined,
      albumartist: s.albumartist as string | undefined,
      year: s.year as number | undefined,
      date: s.date as string | undefined,
      track: { no: this.trackNo },
      disk: { no: this.diskNo },
      genre: this.lists.genre as string[] | undefined,
    };
  }

  private postMap(prio: number, id: CommonId, value: string | number): void {
    switch (id) {
      case 'artist':
        return this.singular(prio, 'artist', 'artists', value);
      case 'albumartist':
        return this.singular(prio, 'albumartist', 'albumartists', value);
      case 'artists':
        return this.plural(prio, 'artist', 'artists', value);
      case 'albumartists':
        return this.plural(prio, 'albumartist', 'albumartists', value);
      case 'track':
        this.trackNo = trackNumber(value);
        return;
      case 'disk':
        this.diskNo = trackNumber(value);
        return;
      case 'year':
        return this.set(prio, 'year', Number.parseInt(String(value), 10));
      case 'date': {
        const year = Number.parseInt(String(value).substr(0, 4), 10);
        if (!Number.isNaN(year)) this.single.year = year;
        return this.set(prio, 'date', value);
      }
      default:
        return this.set(prio, id, value);
    }
  }

  /** MetadataCollector.handleSingularArtistTag. */
  private singular(prio: number, one: 'artist' | 'albumartist', many: ListId, value: string | number): void {
    if (this.origin[one] === prio) return this.plural(ARTIFICIAL, one, many, value);
    if (!this.lists[many]) this.set(ARTIFICIAL, many, value);
    this.set(prio, one, value);
  }

  /** MetadataCollector.handlePluralArtistTag. */
  private plural(prio: number, one: 'artist' | 'albumartist', many: ListId, value: string | number): void {
    if (!this.single[one] || this.origin[one] === ARTIFICIAL) {
      const list = this.lists[many];
      if (!list || !list.includes(value)) this.set(ARTIFICIAL, one, joinArtists([...(list ?? []), value]));
    }
    this.set(prio, many, value);
  }

  /** MetadataCollector.setGenericTag. */
  private set(prio: number, id: CommonId, value: string | number): void {
    const prio0 = this.origin[id] || 1000;
    if (id === 'artists' || id === 'albumartists' || id === 'genre') {
      if (prio === prio0) {
        const list = this.lists[id] as (string | number)[];
        if (!list.includes(value)) list.push(value);
      } else if (prio < prio0) {
        this.lists[id] = [value];
        this.origin[id] = prio;
      }
      return;
    }
    if (id === 'track' || id === 'disk') return;
    if (prio <= prio0) {
      this.single[id] = value;
      this.origin[id] = prio;
    }
  }
}

/** CommonTagMapper.normalizeTrack's `no`: "3/12" → 3, "" or "x" → null. */
function trackNumber(value: string | number): number | null {
  return Number.parseInt(String(value).split('/')[0] ?? '', 10) || null;
}

function joinArtists(artists: readonly (string | number)[]): string {
  if (artists.length > 2) return `${artists.slice(0, -1).join(', ')} & ${String(artists[artists.length - 1])}`;
  return artists.join(' & ');
}
