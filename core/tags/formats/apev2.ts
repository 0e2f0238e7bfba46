import { TagWriteError } from '../errors.js';
import type { ByteSource } from '../io/byte-source.js';

/**
 * APEv2 tags (Monkey's Audio, WavPack, Musepack, and MP3s that carry one). The tag sits at the
 * end of the file, before an ID3v1 trailer if there is one. Items other than Genre keep their
 * exact bytes and order. Genre values are one UTF-8 item with values separated by null bytes,
 * the multi-value form of APEv2. APEv1 tags (no header, no lists) are rewritten as APEv1 and
 * refuse more than one genre.
 */
export const APE_FOOTER_SIZE = 32;
const PREAMBLE = 'APETAGEX';
const FLAG_HAS_HEADER = 0x80000000;
const FLAG_HAS_NO_FOOTER = 0x40000000;
const FLAG_IS_HEADER = 0x20000000;

export interface ApeItem {
  readonly key: string;
  /** The complete item: value size, flags, key, null, value. */
  readonly raw: Uint8Array;
}

export interface ApeTag {
  /** First byte of the tag (its header when present). */
  readonly start: number;
  /** One past the footer. */
  readonly end: number;
  readonly version: 1000 | 2000;
  readonly footerFlags: number;
  readonly hasHeader: boolean;
  readonly items: readonly ApeItem[];
}

/** The APE tag whose footer ends at `end`, or null when there is none. */
export async function readApeTag(source: ByteSource, end: number): Promise<ApeTag | null> {
  if (end < APE_FOOTER_SIZE) return null;
  const footer = await source.read(end - APE_FOOTER_SIZE, APE_FOOTER_SIZE);
  if (footer.toString('latin1', 0, 8) !== PREAMBLE) return null;
  const version = footer.readUInt32LE(8);
  const size = footer.readUInt32LE(12);
  const count = footer.readUInt32LE(16);
  const flags = footer.readUInt32LE(20);
  if (version !== 1000 && version !== 2000)
    throw new TagWriteError('unsupported', `APE tag version ${version} is not written`);
  if ((flags & FLAG_IS_HEADER) !== 0)
    throw new TagWriteError('corrupt', 'the APE tag at the end of the file is a header without a footer');
  const hasHeader = version === 2000 && (flags & FLAG_HAS_HEADER) !== 0;
  const start = end - size - (hasHeader ? APE_FOOTER_SIZE : 0);
  if (size < APE_FOOTER_SIZE || start < 0)
    throw new TagWriteError('corrupt', 'the APE tag size points before the start of the file');
  const itemsStart = end - size;
  const itemBytes = await source.read(itemsStart, size - APE_FOOTER_SIZE);
  const items: ApeItem[] = [];
  let pos = 0;
  for (let i = 0; i < count; i++) {
    if (pos + 8 > itemBytes.length) throw new TagWriteError('corrupt', 'an APE tag item runs past its tag');
    const valueSize = itemBytes.readUInt32LE(pos);
    const keyEnd = itemBytes.indexOf(0, pos + 8);
    if (keyEnd < 0 || keyEnd + 1 + valueSize > itemBytes.length)
      throw new TagWriteError('corrupt', 'an APE tag item runs past its tag');
    const key = itemBytes.toString('latin1', pos + 8, keyEnd);
    const itemEnd = keyEnd + 1 + valueSize;
    items.push({ key, raw: itemBytes.subarray(pos, itemEnd) });
    pos = itemEnd;
  }
  return { start, end, version, footerFlags: flags, hasHeader, items };
}

function genreItem(key: string, genres: readonly string[]): ApeItem {
  const value = Buffer.from(genres.join('\0'), 'utf8');
  const head = Buffer.alloc(8);
  head.writeUInt32LE(value.length, 0);
  head.writeUInt32LE(0, 4); // UTF-8 text, read-write
  return { key, raw: Buffer.concat([head, Buffer.from(`${key}\0`, 'latin1'), value]) };
}

function frame(version: number, size: number, count: number, flags: number): Buffer {
  const out = Buffer.alloc(APE_FOOTER_SIZE);
  out.write(PREAMBLE, 0, 'latin1');
  out.writeUInt32LE(version, 8);
  out.writeUInt32LE(size, 12);
  out.writeUInt32LE(count, 16);
  out.writeUInt32LE(flags >>> 0, 20);
  return out;
}

/**
 * The tag's bytes with Genre set to `genres` (removed when empty). A null `tag` builds a new
 * APEv2 tag with header and footer. Returns an empty array when no item is left.
 */
export function serialiseApeTag(tag: ApeTag | null, genres: readonly string[]): Uint8Array {
  const version = tag?.version ?? 2000;
  if (version === 1000 && genres.length > 1) {
    throw new TagWriteError('unsupported', 'APEv1 tags hold one genre only; the file has an APEv1 tag');
  }
  // Keys are case-insensitive; keep the spelling the file uses ("Genre", or "genre" from ffmpeg).
  const key = tag?.items.find((i) => i.key.toLowerCase() === 'genre')?.key ?? 'Genre';
  const items: ApeItem[] = [];
  let placed = false;
  for (const item of tag?.items ?? []) {
    if (item.key.toLowerCase() !== 'genre') {
      items.push(item);
    } else if (!placed) {
      placed = true;
      if (genres.length > 0) items.push(genreItem(key, genres));
    }
  }
  if (!placed && genres.length > 0) items.push(genreItem(key, genres));
  if (items.length === 0) return new Uint8Array(0);
  const body = Buffer.concat(items.map((i) => i.raw));
  const size = body.length + APE_FOOTER_SIZE;
  const footerFlags = tag ? tag.footerFlags & ~FLAG_HAS_NO_FOOTER : FLAG_HAS_HEADER;
  const hasHeader = tag ? tag.hasHeader : true;
  const parts: Uint8Array[] = [];
  if (hasHeader) parts.push(frame(version, size, items.length, (footerFlags | FLAG_HAS_HEADER | FLAG_IS_HEADER) >>> 0));
  parts.push(body, frame(version, size, items.length, footerFlags));
  return Buffer.concat(parts);
}
