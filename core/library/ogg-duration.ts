/**
 * The duration of an Ogg stream from the granule position of its last page, which sits in the
 * last few kilobytes of the file. music-metadata only finds it by reading every page of the file
 * (its `duration` option); without that it stops after the headers and reports no duration.
 * This reads the same number from the tail the tag reader already holds.
 */
export function oggDuration(
  head: Uint8Array,
  end: Uint8Array,
  codec: string | undefined,
  sampleRate: number | undefined,
): number | undefined {
  if (!isPage(head, 0)) return undefined;
  const serial = u32(head, 14);
  const granule = lastGranule(end, serial);
  if (granule === undefined) return undefined;
  if (codec === 'Opus') {
    // Opus granules count 48 kHz samples including the encoder's pre-skip, stored in OpusHead.
    const at = indexOf(head, 'OpusHead');
    const preSkip = at >= 0 && at + 12 <= head.length ? (head[at + 10] ?? 0) | ((head[at + 11] ?? 0) << 8) : 0;
    return granule > preSkip ? (granule - preSkip) / 48000 : undefined;
  }
  return sampleRate && sampleRate > 0 ? granule / sampleRate : undefined;
}

function isPage(bytes: Uint8Array, at: number): boolean {
  return (
    at + 27 <= bytes.length &&
    bytes[at] === 0x4f &&
    bytes[at + 1] === 0x67 &&
    bytes[at + 2] === 0x67 &&
    bytes[at + 3] === 0x53 &&
    bytes[at + 4] === 0
  );
}

/** The granule of the last page of stream `serial` found in `bytes` that has one (-1: none). */
function lastGranule(bytes: Uint8Array, serial: number): number | undefined {
  for (let at = bytes.length - 27; at >= 0; at--) {
    if (bytes[at] !== 0x4f || !isPage(bytes, at) || u32(bytes, at + 14) !== serial) continue;
    const low = u32(bytes, at + 6);
    const high = u32(bytes, at + 10);
    if (low === 0xffffffff && high === 0xffffffff) continue; // no packet ends on this page
    return high * 0x1_0000_0000 + low;
  }
  return undefined;
}

function u32(bytes: Uint8Array, at: number): number {
  return (
    ((bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8) | ((bytes[at + 2] ?? 0) << 16) | ((bytes[at + 3] ?? 0) << 24)) >>> 0
  );
}

function indexOf(bytes: Uint8Array, text: string): number {
  const first = text.charCodeAt(0);
  outer: for (let i = 0; i + text.length <= bytes.length && i < 4096; i++) {
    if (bytes[i] !== first) continue;
    for (let k = 1; k < text.length; k++) if (bytes[i + k] !== text.charCodeAt(k)) continue outer;
    return i;
  }
  return -1;
}
