import { vorbisCommentBlock } from '../../library/vorbis-comment-block.js';
import { TagWriteError } from '../errors.js';

/**
 * A Vorbis comment block (FLAC VORBIS_COMMENT, the Vorbis and Opus comment packets): vendor
 * string and "KEY=value" fields, all lengths little-endian. Fields other than GENRE keep their
 * exact bytes and order; each genre value is its own GENRE field (the Vorbis multi-value form).
 */
export interface VorbisComment {
  readonly vendor: Uint8Array;
  /** Each field's raw UTF-8 bytes ("KEY=value"). */
  readonly fields: readonly Uint8Array[];
  /** Bytes after the fields (Vorbis framing bit, Opus padding or binary data). */
  readonly trailing: Uint8Array;
}

export function parseVorbisComment(data: Uint8Array): VorbisComment {
  const block = vorbisCommentBlock(data);
  if (!block) throw new TagWriteError('corrupt', 'the Vorbis comment block is malformed');
  return { vendor: block.vendor, fields: block.fields, trailing: data.subarray(block.end) };
}

function fieldKey(field: Uint8Array): string {
  const eq = field.indexOf(0x3d);
  return Buffer.from(field.buffer, field.byteOffset, eq < 0 ? field.length : eq).toString('latin1');
}

export function isGenreField(field: Uint8Array): boolean {
  return fieldKey(field).toUpperCase() === 'GENRE';
}

/** The comment with its GENRE fields replaced by one field per value, where the first one was. */
export function withGenreFields(comment: VorbisComment, genres: readonly string[]): VorbisComment {
  const existingKey = comment.fields.find(isGenreField);
  const key = existingKey ? fieldKey(existingKey) : 'GENRE';
  const newFields = genres.map((g) => Buffer.from(`${key}=${g}`, 'utf8'));
  const fields: Uint8Array[] = [];
  let placed = false;
  for (const field of comment.fields) {
    if (!isGenreField(field)) {
      fields.push(field);
    } else if (!placed) {
      placed = true;
      fields.push(...newFields);
    }
  }
  if (!placed) fields.push(...newFields);
  return { ...comment, fields };
}

export function serialiseVorbisComment(comment: VorbisComment): Uint8Array {
  const parts: Uint8Array[] = [];
  const u32 = (n: number): Buffer => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n, 0);
    return b;
  };
  parts.push(u32(comment.vendor.length), comment.vendor, u32(comment.fields.length));
  for (const field of comment.fields) parts.push(u32(field.length), field);
  parts.push(comment.trailing);
  return Buffer.concat(parts);
}

export function emptyVorbisComment(vendor: string): VorbisComment {
  return { vendor: Buffer.from(vendor, 'utf8'), fields: [], trailing: new Uint8Array(0) };
}
