import type { FormatFields } from '../track-tags.js';
import { ID3V1_GENRES } from '../id3v1-genres.js';
import {
  ascii,
  bytesAt,
  Cursor,
  latin1Text,
  notHandled,
  u8,
  u16be,
  u24be,
  u32be,
  utf8Text,
  type FileBytes,
} from './bytes.js';
import { CommonTags, type CommonId } from './common-tags.js';
import type { FastReading } from './fast-reading.js';
import { readAtom, readAtoms, type AtomHandler } from './mp4-atoms.js';
import { readTrackBox, type Mp4Track } from './mp4-track.js';

/** music-metadata's iTunes tag map (case-insensitive), the keys that feed stored fields. */
const ITUNES_COMMON: Readonly<Record<string, CommonId>> = {
  '©NAM': 'title',
  '©ART': 'artist',
  AART: 'albumartist',
  '----:COM.APPLE.ITUNES:BAND': 'albumartist',
  '©ALB': 'album',
  '©DAY': 'date',
  TRKN: 'track',
  DISK: 'disk',
  '©GEN': 'genre',
  GNRE: 'genre',
  '----:COM.APPLE.ITUNES:ARTISTS': 'artists',
};

/** MP4Parser's encoderDict: the codec name of each sample entry format. */
const ENCODERS: Readonly<Record<string, string>> = {
  raw: 'raw',
  MAC3: 'MACE 3:1',
  MAC6: 'MACE 6:1',
  ima4: 'IMA 4:1',
  ulaw: 'uLaw 2:1',
  alaw: 'uLaw 2:1',
  Qclp: 'QUALCOMM PureVoice',
  '.mp3': 'MPEG-1 layer 3',
  alac: 'ALAC',
  'ac-3': 'AC-3',
  mp4a: 'MPEG-4/AAC',
  mp4s: 'MP4S',
  c608: 'CEA-608',
  c708: 'CEA-708',
};

interface Mp4State {
  container?: string;
  readonly tracks: Map<number, Mp4Track>;
  readonly tags: CommonTags;
}

/**
 * An MP4/M4A file as music-metadata's MP4Parser reads it: every atom from the start, the
 * container from ftyp, tracks from trak (codec, sample rate, channels, duration from mdhd,
 * bitrate from the stsz sizes), iTunes tags from ilst. Not handled: fragmented files, chapters,
 * 64-bit atom sizes, and whatever music-metadata would fail on or read outside head and tail.
 */
export function readMp4(file: FileBytes): FastReading {
  const c = new Cursor(file, 0);
  const state: Mp4State = { tracks: new Map(), tags: new CommonTags() };
  const handler = topHandler(c, state);
  let remaining = file.size;
  while (remaining > 0) {
    // music-metadata peeks at the next header: fewer than 8 bytes ends its parse at the end of the file.
    if (latin1Text(bytesAt(file, c.position, 8).subarray(4)) === '\0\0\0\0') break;
    const declared = readAtom(c, null, remaining, handler);
    remaining = declared === 0 ? 0 : remaining - declared;
  }
  return { format: finalFormat(state), common: state.tags.fields(), genreStyle: state.tags.genreStyle };
}

/** MP4Parser.handleAtom with its atomParsers. */
function topHandler(c: Cursor, state: Mp4State): AtomHandler {
  return (name, parent, payload) => {
    if (parent === 'ilst' || parent === '<id>') return readItem(c, name, payload, state.tags);
    if (parent === 'moov' && name === 'trak') {
      const track = readTrackBox(c, payload);
      state.tracks.set(track.trackId, track);
      return;
    }
    if (parent === 'moof' || name === 'chap' || name === 'stsd' || name === 'stsz' || name === 'date') notHandled();
    if (name === 'ftyp') return readFtyp(c, payload, state);
    if (name === 'mvhd') return readMvhd(c, payload);
    c.ignore(payload);
  };
}

function readFtyp(c: Cursor, payload: number, state: Mp4State): void {
  if (payload < 8 || payload % 4 !== 0) notHandled();
  const types: string[] = [];
  for (let at = 0; at < payload; at += 4) {
    const value = ascii(c.read(4), 0, 4).replace(/\W/g, '');
    if (value.length > 0 && !types.includes(value)) types.push(value);
  }
  state.container = types.join('/');
}

/** MvhdAtom: read only for the checks music-metadata makes on it. */
function readMvhd(c: Cursor, payload: number): void {
  if (payload < 100) notHandled();
  const bytes = c.read(payload);
  if (u8(bytes, 0) === 1 && payload < 112) notHandled();
}

/** parseMetadataItemData: an ilst item, its name from `name`/`mean` atoms, its values from `data`. */
function readItem(c: Cursor, name: string, payload: number, tags: CommonTags): void {
  let key = name;
  readAtoms(c, name, payload, (child, _parent, size) => {
    if (child === 'data') return readValue(c.read(size), key, tags);
    const bytes = c.read(size);
    if (child === 'name' || child === 'mean' || child === 'rate') {
      if (size < 4) notHandled();
      key += `:${utf8Text(bytes.subarray(4))}`;
    }
  });
}

/** parseValueAtom, for the value types that can reach a stored field. */
function readValue(atom: Uint8Array, key: string, tags: CommonTags): void {
  if (atom.length < 8 || u8(atom, 0) !== 0) notHandled();
  const type = u24be(atom, 1);
  const value = atom.subarray(8);
  const add = (v: string | number): void => {
    const upper = key.toUpperCase();
    const id = Object.hasOwn(ITUNES_COMMON, upper) ? ITUNES_COMMON[upper] : undefined;
    if (id !== undefined) tags.add('iTunes', id, v);
  };
  if (type === 0) {
    if (key === 'trkn' || key === 'disk') add(`${u8(value, 3)}/${u8(value, 5)}`);
    else if (key === 'gnre') add(ID3V1_GENRES[u8(value, 1) - 1] ?? notHandled());
  } else if (type === 1 || type === 18) add(utf8Text(value));
  else if (type === 21 || type === 22) add(beInteger(value, type === 21));
  else if (type === 65) add(u8(value, 0));
  else if (type === 66) add(u16be(value, 0));
  else if (type === 67) add(u32be(value, 0));
}

/** MP4Parser.read_BE_Integer for 1 to 4 bytes; 8-byte and odd sizes left to music-metadata. */
function beInteger(bytes: Uint8Array, signed: boolean): number {
  const n = bytes.length;
  if (n < 1 || n > 4) notHandled();
  let value = 0;
  for (let i = 0; i < n; i++) value = value * 256 + (bytes[i] as number);
  const bits = 8 * n;
  return signed && value >= 2 ** (bits - 1) ? value - 2 ** bits : value;
}

/** The end of MP4Parser.parse: codec list, then the first audio track's numbers. */
function finalFormat(state: Mp4State): FormatFields {
  const tracks = [...state.tracks.values()];
  const formats: string[] = [];
  for (const track of tracks) {
    const names = track.sampleEntries.map((e) => ENCODERS[e.dataFormat]).filter((n) => n !== undefined);
    if (names.length > 0) formats.push(names.join('/'));
  }
  let format: FormatFields = { container: state.container };
  const distinct = formats.filter((f, i) => formats.indexOf(f) === i);
  if (distinct.length > 0) format = { ...format, codec: distinct.join('+') };
  const audio = tracks.filter(isAudioTrack);
  for (const track of audio) {
    const description = track.sampleEntries[0]?.description;
    if (description && track.media) {
      if (track.media.timeScale === 0) notHandled();
      format = { ...format, sampleRate: description.sampleRate, numberOfChannels: description.channels };
    }
  }
  const first = audio[0];
  if (first?.media && first.media.timeScale > 0 && first.media.duration > 0) {
    const duration = first.media.duration / first.media.timeScale;
    format = { ...format, duration };
    if (first.sampleBytes) format = { ...format, bitrate: (8 * first.sampleBytes) / duration };
  }
  return format;
}

function isAudioTrack(track: Mp4Track): boolean {
  const entry = track.sampleEntries[0];
  if (!entry) return false;
  if (track.handlerType !== undefined) return track.handlerType === 'audi' || track.handlerType === 'soun';
  return !!entry.description && entry.description.channels > 0;
}
