import { describe, expect, it } from 'vitest';
import { vorbisCommentBlock } from '../../core/library/vorbis-comment-block.js';

/** A block as FLAC and Ogg carry it: vendor, count, then each field, lengths little-endian. */
function block(vendor: string, fields: readonly string[], tail: readonly number[] = []): Uint8Array {
  const u32 = (n: number): number[] => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24];
  const text = (s: string): number[] => [...Buffer.from(s, 'utf8')];
  const bytes = [...u32(Buffer.byteLength(vendor)), ...text(vendor), ...u32(fields.length)];
  for (const f of fields) bytes.push(...u32(Buffer.byteLength(f)), ...text(f));
  return Uint8Array.from([...bytes, ...tail]);
}

describe('vorbisCommentBlock', () => {
  it('reads the vendor and each field, and where the block ends', () => {
    const data = block('Lavf61', ['TITLE=Été', 'GENRE=Jazz'], [1]);
    const parsed = vorbisCommentBlock(data);
    expect(Buffer.from(parsed?.vendor ?? []).toString()).toBe('Lavf61');
    expect(parsed?.fields.map((f) => Buffer.from(f).toString())).toEqual(['TITLE=Été', 'GENRE=Jazz']);
    expect(parsed?.end).toBe(data.length - 1); // the framing bit after it is not the block's
  });

  it('reads from an offset, as after an Ogg packet header', () => {
    const data = Uint8Array.from([3, ...Buffer.from('vorbis'), ...block('v', ['ARTIST=A'])]);
    expect(vorbisCommentBlock(data, 7)?.fields.map((f) => Buffer.from(f).toString())).toEqual(['ARTIST=A']);
  });

  it('has none when any length runs past the data', () => {
    const data = block('vendor', ['TITLE=One', 'GENRE=Two']);
    for (const cut of [0, 3, 9, 13, 20, data.length - 1])
      expect(vorbisCommentBlock(data.subarray(0, cut))).toBeUndefined();
    expect(vorbisCommentBlock(data)).toBeDefined();
  });
});
