/** The parts of a Vorbis comment block, as subarrays of the bytes it was read from. */
export interface VorbisCommentBlock {
  readonly vendor: Uint8Array;
  /** Each field's raw UTF-8 bytes ("KEY=value"), in order. */
  readonly fields: readonly Uint8Array[];
  /** Where the block's last field ends: what follows is not the block's (a framing bit, padding). */
  readonly end: number;
}

/**
 * The framing of a Vorbis comment block (FLAC VORBIS_COMMENT, the Vorbis and Opus comment
 * packets) starting at `offset`: a vendor string, a field count, then each field, every length a
 * little-endian u32. Undefined when a length runs past the data. The scan's tag reader and the
 * tag writer read blocks through this one function; each says in its own terms what a malformed
 * block means.
 */
export function vorbisCommentBlock(data: Uint8Array, offset = 0): VorbisCommentBlock | undefined {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const u32 = (at: number): number | undefined => (at + 4 <= data.length ? view.getUint32(at, true) : undefined);
  const vendorLength = u32(offset);
  if (vendorLength === undefined) return undefined;
  let at = offset + 4 + vendorLength;
  const count = u32(at);
  if (count === undefined) return undefined;
  const vendor = data.subarray(offset + 4, offset + 4 + vendorLength);
  at += 4;
  const fields: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const length = u32(at);
    if (length === undefined || at + 4 + length > data.length) return undefined;
    fields.push(data.subarray(at + 4, at + 4 + length));
    at += 4 + length;
  }
  return { vendor, fields, end: at };
}
