import { bytes, copy, normaliseEdit, type FileEdit } from '../edit.js';
import { TagWriteError } from '../errors.js';
import type { ByteSource } from '../io/byte-source.js';
import { digestMarker, digestRange } from './ranges.js';
import type { AudioSink, GenreFormat } from './types.js';

/**
 * ASF (WMA): the genres are `WM/Genre` descriptors (one per value, Unicode strings) in the
 * Extended Content Description object. `WM/Genre` and `WM/GenreID` entries elsewhere (that object,
 * the Metadata and Metadata Library objects of the Header Extension) are removed so no reader sees
 * a stale genre. A Padding object absorbs the size change when there is one; otherwise the header
 * grows and the File Properties object's file size follows. Data packets and indexes do not hold
 * absolute file offsets, so nothing after the header changes.
 */
function guid(text: string): Buffer {
  const hex = text.replace(/-/g, '');
  const b = Buffer.from(hex, 'hex');
  // The first three fields are stored little-endian.
  return Buffer.concat([
    Buffer.from(b.subarray(0, 4)).reverse(),
    Buffer.from(b.subarray(4, 6)).reverse(),
    Buffer.from(b.subarray(6, 8)).reverse(),
    b.subarray(8),
  ]);
}

const HEADER = guid('75B22630-668E-11CF-A6D9-00AA0062CE6C');
const FILE_PROPERTIES = guid('8CABDCA1-A947-11CF-8EE4-00C00C205365');
const EXTENDED_CONTENT = guid('D2D0A440-E307-11D2-97F0-00A0C95EA850');
const HEADER_EXTENSION = guid('5FBF03B5-A92E-11CF-8EE3-00C00C205365');
const METADATA = guid('C5F8CBEA-5BAF-4877-8467-AA8C44FA4CCA');
const METADATA_LIBRARY = guid('44231C94-9498-49D1-A141-1D134E457054');
const PADDING = guid('1806D474-CADF-4509-A4BA-9AABCB96AAE8');
const STREAM_PROPERTIES = guid('B7DC0791-A9B7-11CF-8EE6-00C00C205365');

const HEADER_OBJECT_PREFIX = 30;
const OBJECT_HEADER = 24;
const HEADER_EXTENSION_PREFIX = OBJECT_HEADER + 22;
const GENRE_NAMES = new Set(['wm/genre', 'wm/genreid']);

interface AsfObject {
  readonly guid: Buffer;
  /** The whole object, header included. */
  readonly raw: Buffer;
}

function parseObjects(buf: Buffer, start: number, end: number): AsfObject[] {
  const objects: AsfObject[] = [];
  let pos = start;
  while (pos < end) {
    if (end - pos < OBJECT_HEADER) throw new TagWriteError('corrupt', 'an ASF header object is cut short');
    const size = Number(buf.readBigUInt64LE(pos + 16));
    if (size < OBJECT_HEADER || pos + size > end)
      throw new TagWriteError('corrupt', 'an ASF object overruns the header');
    objects.push({ guid: buf.subarray(pos, pos + 16), raw: buf.subarray(pos, pos + size) });
    pos += size;
  }
  return objects;
}

function object(id: Buffer, content: Uint8Array): AsfObject {
  const header = Buffer.alloc(OBJECT_HEADER);
  id.copy(header, 0);
  header.writeBigUInt64LE(BigInt(OBJECT_HEADER + content.length), 16);
  const raw = Buffer.concat([header, content]);
  return { guid: raw.subarray(0, 16), raw };
}

function utf16z(text: string): Buffer {
  return Buffer.from(`${text}\0`, 'utf16le');
}

function nameOf(raw: Buffer, at: number, length: number): string {
  return raw.toString('utf16le', at, at + length).replace(/\0+$/, '');
}

/** Extended Content Description: count(2), then name length(2), name, type(2), value length(2), value. */
function rewriteExtendedContent(obj: AsfObject | undefined, genres: readonly string[]): AsfObject | null {
  const descriptors: Buffer[] = [];
  let insertAt = -1;
  if (obj) {
    const body = obj.raw.subarray(OBJECT_HEADER);
    const count = body.readUInt16LE(0);
    let pos = 2;
    for (let i = 0; i < count; i++) {
      if (pos + 2 > body.length)
        throw new TagWriteError('corrupt', 'the ASF extended content description is cut short');
      const nameLength = body.readUInt16LE(pos);
      const valueLength = body.readUInt16LE(pos + 4 + nameLength);
      const end = pos + 6 + nameLength + valueLength;
      if (end > body.length) throw new TagWriteError('corrupt', 'an ASF content descriptor overruns its object');
      const name = nameOf(body, pos + 2, nameLength);
      if (GENRE_NAMES.has(name.toLowerCase())) {
        if (insertAt < 0) insertAt = descriptors.length;
      } else {
        descriptors.push(body.subarray(pos, end));
      }
      pos = end;
    }
  }
  const added = genres.map((g) => {
    const name = utf16z('WM/Genre');
    const value = utf16z(g);
    if (value.length > 0xffff) throw new TagWriteError('unsupported', 'a genre name is too long for an ASF descriptor');
    const head = Buffer.alloc(2);
    head.writeUInt16LE(name.length, 0);
    const mid = Buffer.alloc(4);
    mid.writeUInt16LE(0, 0); // Unicode string
    mid.writeUInt16LE(value.length, 2);
    return Buffer.concat([head, name, mid, value]);
  });
  descriptors.splice(insertAt < 0 ? descriptors.length : insertAt, 0, ...added);
  if (descriptors.length === 0) return null;
  const count = Buffer.alloc(2);
  count.writeUInt16LE(descriptors.length, 0);
  return object(EXTENDED_CONTENT, Buffer.concat([count, ...descriptors]));
}

/**
 * Metadata / Metadata Library objects: count(2), then records of
 * language or reserved(2), stream(2), name length(2), type(2), data length(4), name, data.
 */
function withoutGenreRecords(obj: AsfObject): AsfObject {
  const body = obj.raw.subarray(OBJECT_HEADER);
  const count = body.readUInt16LE(0);
  const kept: Buffer[] = [];
  let pos = 2;
  for (let i = 0; i < count; i++) {
    if (pos + 12 > body.length) throw new TagWriteError('corrupt', 'an ASF metadata record is cut short');
    const nameLength = body.readUInt16LE(pos + 4);
    const dataLength = body.readUInt32LE(pos + 8);
    const end = pos + 12 + nameLength + dataLength;
    if (end > body.length) throw new TagWriteError('corrupt', 'an ASF metadata record overruns its object');
    if (!GENRE_NAMES.has(nameOf(body, pos + 12, nameLength).toLowerCase())) kept.push(body.subarray(pos, end));
    pos = end;
  }
  if (kept.length === count) return obj;
  const head = Buffer.alloc(2);
  head.writeUInt16LE(kept.length, 0);
  return object(obj.guid, Buffer.concat([head, ...kept]));
}

interface AsfHeader {
  readonly size: number;
  readonly bytes: Buffer;
  readonly objects: AsfObject[];
}

async function readHeader(source: ByteSource): Promise<AsfHeader> {
  const head = await source.read(0, HEADER_OBJECT_PREFIX);
  if (!head.subarray(0, 16).equals(HEADER)) throw new TagWriteError('corrupt', 'no ASF header object');
  const size = Number(head.readBigUInt64LE(16));
  if (size < HEADER_OBJECT_PREFIX || size > source.size)
    throw new TagWriteError('corrupt', 'the ASF header size is impossible');
  const buf = await source.read(0, size);
  const objects = parseObjects(buf, HEADER_OBJECT_PREFIX, size);
  if (objects.length !== buf.readUInt32LE(24))
    throw new TagWriteError('corrupt', 'the ASF header object count does not match its objects');
  return { size, bytes: buf, objects };
}

function sizeOf(objects: readonly AsfObject[]): number {
  return objects.reduce((s, o) => s + o.raw.length, 0);
}

export const asfFormat: GenreFormat = {
  id: 'asf',

  async planGenres(source: ByteSource, genres: readonly string[]): Promise<FileEdit> {
    const header = await readHeader(source);
    const objects = [...header.objects];
    const ecdIndex = objects.findIndex((o) => o.guid.equals(EXTENDED_CONTENT));
    const ecd = rewriteExtendedContent(ecdIndex >= 0 ? objects[ecdIndex] : undefined, genres);
    if (ecdIndex >= 0) {
      if (ecd) objects[ecdIndex] = ecd;
      else objects.splice(ecdIndex, 1);
    } else if (ecd) {
      const paddingIndex = objects.findIndex((o) => o.guid.equals(PADDING));
      objects.splice(paddingIndex < 0 ? objects.length : paddingIndex, 0, ecd);
    }

    // Genre records in the Header Extension's metadata objects.
    let extensionPadding: { index: number; inner: AsfObject[]; paddingIndex: number } | null = null;
    const extIndex = objects.findIndex((o) => o.guid.equals(HEADER_EXTENSION));
    if (extIndex >= 0) {
      const ext = objects[extIndex] as AsfObject;
      const inner = parseObjects(ext.raw, HEADER_EXTENSION_PREFIX, ext.raw.length).map((o) =>
        o.guid.equals(METADATA) || o.guid.equals(METADATA_LIBRARY) ? withoutGenreRecords(o) : o,
      );
      extensionPadding = { index: extIndex, inner, paddingIndex: inner.findIndex((o) => o.guid.equals(PADDING)) };
    }
    const rebuildExtension = (): void => {
      if (!extensionPadding) return;
      const ext = objects[extensionPadding.index] as AsfObject;
      const prefix = Buffer.from(ext.raw.subarray(OBJECT_HEADER, HEADER_EXTENSION_PREFIX));
      const data = Buffer.concat(extensionPadding.inner.map((o) => o.raw));
      prefix.writeUInt32LE(data.length, 18);
      objects[extensionPadding.index] = object(HEADER_EXTENSION, Buffer.concat([prefix, data]));
    };
    rebuildExtension();

    // Let a padding object absorb the change, top level first.
    let delta = HEADER_OBJECT_PREFIX + sizeOf(objects) - header.size;
    const topPadding = objects.findIndex((o) => o.guid.equals(PADDING));
    const resize = (obj: AsfObject): AsfObject | null | undefined => {
      const newSize = obj.raw.length - delta;
      if (newSize === 0) return null;
      if (newSize < OBJECT_HEADER) return undefined;
      return object(PADDING, new Uint8Array(newSize - OBJECT_HEADER));
    };
    if (delta !== 0 && topPadding >= 0) {
      const resized = resize(objects[topPadding] as AsfObject);
      if (resized !== undefined) {
        if (resized) objects[topPadding] = resized;
        else objects.splice(topPadding, 1);
        delta = 0;
      }
    }
    if (delta !== 0 && extensionPadding && extensionPadding.paddingIndex >= 0) {
      const resized = resize(extensionPadding.inner[extensionPadding.paddingIndex] as AsfObject);
      if (resized !== undefined) {
        if (resized) extensionPadding.inner[extensionPadding.paddingIndex] = resized;
        else extensionPadding.inner.splice(extensionPadding.paddingIndex, 1);
        rebuildExtension();
        delta = 0;
      }
    }

    const newSize = HEADER_OBJECT_PREFIX + sizeOf(objects);
    if (newSize - header.size !== 0) {
      const fpIndex = objects.findIndex((o) => o.guid.equals(FILE_PROPERTIES));
      if (fpIndex < 0) throw new TagWriteError('corrupt', 'the ASF header has no File Properties object');
      const fp = Buffer.from((objects[fpIndex] as AsfObject).raw);
      const fileSize = Number(fp.readBigUInt64LE(40));
      // Broadcast files leave the size 0 ("unknown"); keep it unknown.
      if (fileSize !== 0) fp.writeBigUInt64LE(BigInt(fileSize + newSize - header.size), 40);
      objects[fpIndex] = { guid: fp.subarray(0, 16), raw: fp };
    }
    const prefix = Buffer.from(header.bytes.subarray(0, HEADER_OBJECT_PREFIX));
    prefix.writeBigUInt64LE(BigInt(newSize), 16);
    prefix.writeUInt32LE(objects.length, 24);
    return normaliseEdit([
      bytes(Buffer.concat([prefix, ...objects.map((o) => o.raw)])),
      copy(header.size, source.size),
    ]);
  },

  async digestAudio(source: ByteSource, sink: AudioSink): Promise<void> {
    const header = await readHeader(source);
    for (const obj of header.objects) {
      if (obj.guid.equals(FILE_PROPERTIES)) {
        // Everything but the file size (which moves with the header): play duration, packet size…
        sink(obj.raw.subarray(0, 40));
        sink(obj.raw.subarray(48));
      } else if (obj.guid.equals(STREAM_PROPERTIES)) {
        sink(obj.raw);
      }
    }
    digestMarker(sink, 'data', source.size - header.size);
    await digestRange(source, header.size, source.size, sink);
  },
};
