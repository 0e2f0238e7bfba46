import type { TrackTagFields } from '../../shared/api/types.js';
import { genreValues, type GenreTagStyle } from './genre-values.js';

/** What the scanner stores about one audio file: stream properties and tags. */
export interface TrackTags extends TrackTagFields {
  /** Container as the tag reader names it ("MPEG", "FLAC", "Ogg", "M4A/isom/iso2", …). */
  readonly container: string | null;
  readonly codec: string | null;
  readonly durationSec: number | null;
  readonly sampleRate: number | null;
  readonly channels: number | null;
  /** Bits per second, rounded. */
  readonly bitrate: number | null;
}

/** The stream properties a reader found, named as music-metadata's `format` names them. */
export interface FormatFields {
  readonly container?: string;
  readonly codec?: string;
  readonly codecProfile?: string;
  readonly duration?: number;
  readonly sampleRate?: number;
  readonly numberOfChannels?: number;
  readonly bitrate?: number;
}

/** The tags a reader found, named as music-metadata's `common` names them. */
export interface CommonFields {
  readonly title?: string;
  readonly artist?: string;
  readonly album?: string;
  readonly albumartist?: string;
  readonly year?: number;
  readonly date?: string;
  readonly track: { readonly no: number | null };
  readonly disk: { readonly no: number | null };
  readonly genre?: readonly string[];
}

/**
 * The stored form of a reading: empty text to null, numbers checked, genres split by the rules
 * of the tag they came from. Both readers (music-metadata and fast-tags) end here.
 */
export function toTrackTags(format: FormatFields, common: CommonFields, genreStyle: GenreTagStyle): TrackTags {
  return {
    container: text(format.container),
    codec: text(format.codec),
    durationSec: finite(format.duration),
    sampleRate: positiveInt(format.sampleRate),
    channels: positiveInt(format.numberOfChannels),
    bitrate:
      format.bitrate !== undefined && Number.isFinite(format.bitrate) && format.bitrate > 0
        ? Math.round(format.bitrate)
        : null,
    title: text(common.title),
    artist: text(common.artist),
    album: text(common.album),
    albumArtist: text(common.albumartist),
    year: yearOf(common.year, common.date),
    trackNo: positiveInt(common.track.no),
    discNo: positiveInt(common.disk.no),
    genres: genreValues(common.genre ?? [], genreStyle),
  };
}

function text(value: string | null | undefined): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.replace(/\0+$/, '').trim();
  return trimmed === '' ? null : trimmed;
}

function finite(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
}

function positiveInt(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : null;
}

function yearOf(year: number | undefined, date: string | undefined): number | null {
  if (typeof year === 'number' && Number.isInteger(year) && year > 0 && year < 10000) return year;
  const match = date ? /^(\d{4})/.exec(date) : null;
  return match ? Number(match[1]) : null;
}
