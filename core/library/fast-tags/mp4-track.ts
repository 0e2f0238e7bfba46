import { latin1Text, notHandled, u8, u16be, u32be, utf8Text, validFourCC, type Cursor } from './bytes.js';
import { readAtoms } from './mp4-atoms.js';

export interface SampleEntry {
  readonly dataFormat: string;
  /** SoundSampleDescriptionV0, when the entry has one. */
  readonly description: { readonly channels: number; readonly sampleRate: number } | undefined;
}

/** What music-metadata's parseTrackBox keeps of a trak atom that the stored fields depend on. */
export interface Mp4Track {
  readonly trackId: number;
  /** hdlr's handler type (the last hdlr inside the trak, as music-metadata keeps it). */
  readonly handlerType: string | undefined;
  readonly media: { readonly timeScale: number; readonly duration: number } | undefined;
  readonly sampleEntries: readonly SampleEntry[];
  /** Sum of the stsz sample sizes, undefined when they are all one size. */
  readonly sampleBytes: number | undefined;
}

interface TrackParts {
  trackId?: number;
  handlerType?: string;
  media?: { timeScale: number; duration: number };
  sampleEntries?: SampleEntry[];
  stsz?: { readonly sum: number | undefined };
}

/**
 * A trak atom, walked with music-metadata's track handler. Not handled: no tkhd, stsd or stsz
 * (music-metadata stumbles over a track without them), chapter references, boxes it would fail on.
 */
export function readTrackBox(c: Cursor, payload: number): Mp4Track {
  const parts: TrackParts = {};
  readAtoms(c, 'trak', payload, (name, _parent, size) => {
    const bytes = c.read(size);
    if (name === 'chap') notHandled();
    else if (name === 'tkhd') parts.trackId = trackId(bytes);
    else if (name === 'hdlr') parts.handlerType = handlerType(bytes);
    else if (name === 'mdhd') parts.media = mediaHeader(bytes);
    else if (name === 'stsd') parts.sampleEntries = sampleEntries(bytes);
    else if (name === 'stsz') parts.stsz = { sum: sampleSizeSum(bytes) };
    else if (name === 'stco' || name === 'stsc' || name === 'stts') checkTable(bytes, tableEntrySize(name));
  });
  const { trackId: id, sampleEntries: entries, stsz } = parts;
  if (id === undefined || entries === undefined || stsz === undefined) return notHandled();
  return {
    trackId: id,
    handlerType: parts.handlerType,
    media: parts.media,
    sampleEntries: entries,
    sampleBytes: stsz.sum,
  };
}

/** TrackHeaderAtom. */
function trackId(b: Uint8Array): number {
  if (b.length < 4) notHandled();
  const version = u8(b, 0);
  if (version === 0 && b.length >= 38) return u32be(b, 12);
  if (version === 1 && b.length >= 50) return u32be(b, 20);
  return notHandled();
}

/** HandlerBox's handler type. */
function handlerType(b: Uint8Array): string {
  if (b.length < 4) notHandled();
  return utf8Text(b.subarray(8, 12));
}

/** MdhdAtom. */
function mediaHeader(b: Uint8Array): { timeScale: number; duration: number } {
  if (b.length < 24) notHandled();
  const version = u8(b, 0);
  if (version === 0) return { timeScale: u32be(b, 12), duration: u32be(b, 16) };
  if (version === 1 && b.length >= 36) {
    return { timeScale: u32be(b, 20), duration: u32be(b, 24) * 0x1_0000_0000 + u32be(b, 28) };
  }
  return notHandled();
}

/** StsdAtom, each entry through parseSoundSampleDescription. */
function sampleEntries(b: Uint8Array): SampleEntry[] {
  if (b.length < 8) notHandled();
  const count = u32be(b, 4);
  const entries: SampleEntry[] = [];
  let off = 8;
  for (let n = 0; n < count; n++) {
    if (b.length - off < 4) notHandled();
    const size = u32be(b, off);
    if (size < 16 || size > b.length - off) notHandled();
    off += 4;
    const dataFormat = latin1Text(b.subarray(off, off + 4));
    if (!validFourCC(dataFormat)) notHandled();
    const described = size - 16 > 0 ? b.subarray(off + 12, off + size - 4) : undefined;
    entries.push({ dataFormat, description: soundDescription(described) });
    off += size - 4;
  }
  return entries;
}

function soundDescription(d: Uint8Array | undefined): SampleEntry['description'] {
  if (!d || d.length < 8) return undefined;
  const version = signed16(u16be(d, 0));
  if ((version !== 0 && version !== 1) || d.length < 20) return undefined;
  return { channels: signed16(u16be(d, 8)), sampleRate: u16be(d, 16) + u16be(d, 18) / 10000 };
}

/** StszAtom: the sum of the sample sizes when they are listed. */
function sampleSizeSum(b: Uint8Array): number | undefined {
  if (b.length < 12) notHandled();
  const count = signed32(u32be(b, 8));
  const listed = b.length - 12;
  if (listed === 0) return undefined;
  if (listed !== count * 4) notHandled();
  let sum = 0;
  for (let at = 12; at < b.length; at += 4) sum += signed32(u32be(b, at));
  return sum;
}

function tableEntrySize(name: string): number {
  return name === 'stsc' ? 12 : name === 'stts' ? 8 : 4;
}

/** SimpleTableAtom: music-metadata fails when the entry count does not match the length. */
function checkTable(b: Uint8Array, entrySize: number): void {
  if (b.length < 8) notHandled();
  const listed = b.length - 8;
  if (listed !== 0 && listed !== signed32(u32be(b, 4)) * entrySize) notHandled();
}

function signed16(v: number): number {
  return v >= 0x8000 ? v - 0x10000 : v;
}

function signed32(v: number): number {
  return v | 0;
}
