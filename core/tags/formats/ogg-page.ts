import { TagWriteError } from '../errors.js';
import type { ByteSource } from '../io/byte-source.js';

/**
 * Ogg pages (RFC 3533): 27-byte header, lacing table, body. The CRC is the direct (unreflected)
 * CRC-32 with polynomial 0x04C11DB7, initial value 0 and no final xor, computed over the whole
 * page with the CRC field zeroed.
 */
export const PAGE_HEADER_SIZE = 27;
export const FLAG_CONTINUED = 0x01;
export const FLAG_BOS = 0x02;
export const FLAG_EOS = 0x04;
const MAX_SEGMENTS = 255;

/** Eight 256-entry tables: the CRC consumes eight bytes per step (slicing-by-8). */
const CRC_TABLES: Uint32Array[] = (() => {
  const tables = Array.from({ length: 8 }, () => new Uint32Array(256));
  const t0 = tables[0] as Uint32Array;
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let k = 0; k < 8; k++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    t0[i] = r >>> 0;
  }
  for (let t = 1; t < 8; t++) {
    const prev = tables[t - 1] as Uint32Array;
    const cur = tables[t] as Uint32Array;
    for (let i = 0; i < 256; i++) cur[i] = ((prev[i] as number) << 8) ^ (t0[(prev[i] as number) >>> 24] as number);
  }
  return tables;
})();

export function oggCrc(bytes: Uint8Array): number {
  const [t0, t1, t2, t3, t4, t5, t6, t7] = CRC_TABLES as [
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
  ];
  let crc = 0;
  let i = 0;
  const n = bytes.length;
  for (; i + 8 <= n; i += 8) {
    const a =
      (crc ^
        (((bytes[i] as number) << 24) |
          ((bytes[i + 1] as number) << 16) |
          ((bytes[i + 2] as number) << 8) |
          (bytes[i + 3] as number))) >>>
      0;
    crc =
      ((t7[a >>> 24] as number) ^
        (t6[(a >>> 16) & 0xff] as number) ^
        (t5[(a >>> 8) & 0xff] as number) ^
        (t4[a & 0xff] as number) ^
        (t3[bytes[i + 4] as number] as number) ^
        (t2[bytes[i + 5] as number] as number) ^
        (t1[bytes[i + 6] as number] as number) ^
        (t0[bytes[i + 7] as number] as number)) >>>
      0;
  }
  for (; i < n; i++) crc = ((crc << 8) ^ (t0[((crc >>> 24) ^ (bytes[i] as number)) & 0xff] as number)) >>> 0;
  return crc >>> 0;
}

export interface OggPage {
  readonly offset: number;
  /** The whole page, header and body. */
  readonly bytes: Buffer;
  readonly flags: number;
  readonly serial: number;
  readonly sequence: number;
  readonly segments: Uint8Array;
  readonly headerSize: number;
}

/** Sets the sequence number and recomputes the CRC of a page (in place). */
export function renumberPage(page: Buffer, sequence: number): void {
  page.writeUInt32LE(sequence >>> 0, 18);
  page.writeUInt32LE(0, 22);
  page.writeUInt32LE(oggCrc(page), 22);
}

const WINDOW = 1 << 20;

/**
 * Pages from `start` to `end` (default: the end of the file), read in 1 MiB windows and handed
 * out a window's worth at a time: an await per page would cost more than parsing the page.
 */
export async function* pageBatches(source: ByteSource, start: number, end = source.size): AsyncGenerator<OggPage[]> {
  let pos = start;
  while (pos < end) {
    const window = await source.readAvailable(pos, Math.min(WINDOW, end - pos));
    const pages: OggPage[] = [];
    let at = 0;
    for (;;) {
      const page = pageAt(window, at, pos + at);
      if (!page) break;
      pages.push(page);
      at += page.bytes.length;
    }
    if (pages.length === 0) {
      // A page larger than the rest of the window (at most 65,307 bytes): read exactly it.
      const head = await source.readAvailable(pos, PAGE_HEADER_SIZE + 255);
      checkCapture(head, pos);
      const segmentCount = head[26] as number;
      let body = 0;
      for (let i = 0; i < segmentCount; i++) body += (head[PAGE_HEADER_SIZE + i] as number) ?? 0;
      const whole = await source.readAvailable(pos, PAGE_HEADER_SIZE + segmentCount + body);
      const page = pageAt(whole, 0, pos);
      if (!page || page.offset + page.bytes.length > end)
        throw new TagWriteError('corrupt', `an Ogg page at byte ${pos} is cut short`);
      pages.push(page);
      at = page.bytes.length;
    }
    yield pages;
    pos += at;
  }
}

function checkCapture(bytes: Uint8Array, offset: number): void {
  const ok =
    bytes.length >= PAGE_HEADER_SIZE &&
    bytes[0] === 0x4f &&
    bytes[1] === 0x67 &&
    bytes[2] === 0x67 &&
    bytes[3] === 0x53 &&
    bytes[4] === 0;
  if (!ok) throw new TagWriteError('corrupt', `no Ogg page where one should start (byte ${offset})`);
}

/** The complete page at `at` in `window`, or null when the window ends inside it. */
function pageAt(window: Buffer, at: number, offset: number): OggPage | null {
  if (window.length - at < PAGE_HEADER_SIZE) return null;
  checkCapture(window.subarray(at, at + PAGE_HEADER_SIZE), offset);
  const segmentCount = window[at + 26] as number;
  const headerSize = PAGE_HEADER_SIZE + segmentCount;
  if (window.length - at < headerSize) return null;
  let bodySize = 0;
  for (let i = at + PAGE_HEADER_SIZE; i < at + headerSize; i++) bodySize += window[i] as number;
  if (window.length - at < headerSize + bodySize) return null;
  const bytes = window.subarray(at, at + headerSize + bodySize);
  return {
    offset,
    bytes,
    flags: bytes[5] as number,
    serial: bytes.readUInt32LE(14),
    sequence: bytes.readUInt32LE(18),
    segments: bytes.subarray(PAGE_HEADER_SIZE, headerSize),
    headerSize,
  };
}

/**
 * Lays packets out on pages the way libogg does for headers: packed greedily, at most 255 lacing
 * values a page, every page after the first continuing the packet it interrupts, granule 0 on
 * pages where a packet ends and -1 where none does. The last packet ends its page, so audio
 * pages that follow stay untouched. A packet whose index is in `flushAfter` ends its page too: the
 * original file's page breaks are kept (ffmpeg puts each header packet on its own page), so a
 * write and its undo give back the same bytes.
 */
export function paginate(
  packets: readonly Uint8Array[],
  serial: number,
  firstSequence: number,
  flushAfter: ReadonlySet<number> = new Set(),
): Buffer[] {
  interface Segment {
    readonly packet: number;
    readonly start: number;
    readonly length: number;
    readonly last: boolean;
  }
  const segments: Segment[] = [];
  packets.forEach((packet, index) => {
    const full = Math.floor(packet.length / 255);
    for (let i = 0; i < full; i++) segments.push({ packet: index, start: i * 255, length: 255, last: false });
    segments.push({ packet: index, start: full * 255, length: packet.length % 255, last: true });
  });
  // Full pages of 255 lacing values, and a page ends after every packet in flushAfter.
  const grouped: Segment[][] = [];
  let current: Segment[] = [];
  for (const segment of segments) {
    current.push(segment);
    if (current.length === MAX_SEGMENTS || (segment.last && flushAfter.has(segment.packet))) {
      grouped.push(current);
      current = [];
    }
  }
  if (current.length > 0) grouped.push(current);
  const pages: Buffer[] = [];
  for (const pageSegments of grouped) {
    const head = pageSegments[0] as Segment;
    const continued = head.start > 0;
    const packetEnds = pageSegments.some((s) => s.last);
    const bodyParts = pageSegments.map((s) => (packets[s.packet] as Uint8Array).subarray(s.start, s.start + s.length));
    const header = Buffer.alloc(PAGE_HEADER_SIZE + pageSegments.length);
    header.write('OggS', 0, 'latin1');
    header[4] = 0;
    header[5] = continued ? FLAG_CONTINUED : 0;
    if (packetEnds) header.writeBigUInt64LE(0n, 6);
    else header.writeBigInt64LE(-1n, 6);
    header.writeUInt32LE(serial >>> 0, 14);
    header.writeUInt32LE((firstSequence + pages.length) >>> 0, 18);
    header[26] = pageSegments.length;
    pageSegments.forEach((s, i) => {
      header[PAGE_HEADER_SIZE + i] = s.length;
    });
    const page = Buffer.concat([header, ...bodyParts]);
    page.writeUInt32LE(oggCrc(page), 22);
    pages.push(page);
  }
  return pages;
}
