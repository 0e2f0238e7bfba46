import { createHash } from 'node:crypto';
import { detectFormat, type GenreFormat } from './formats/index.js';
import { openByteSource, type ByteSource } from './io/byte-source.js';

/**
 * SHA-256 of a file's audio payload as its format defines it (MP3 frames between the tags, FLAC
 * STREAMINFO and frames, Ogg identification/setup headers and audio pages minus sequence numbers
 * and CRCs, MP4 mdat contents and sample tables with offsets made relative, WAV/AIFF format and
 * sample chunks, ASF data and stream properties, APE/WavPack/Musepack everything but the APE
 * tag). Equal before and after a tag write proves the sound was not touched.
 */
export async function audioHash(source: ByteSource, format?: GenreFormat): Promise<string> {
  const f = format ?? (await detectFormat(source));
  const hash = createHash('sha256');
  await f.digestAudio(source, (chunk) => hash.update(chunk));
  return `${f.id}:${hash.digest('hex')}`;
}

export async function audioHashOfFile(path: string): Promise<string> {
  const source = await openByteSource(path);
  try {
    return await audioHash(source);
  } finally {
    await source.close();
  }
}

/** Byte-for-byte equality of two chunk sequences, without joining them. */
function sameStream(a: readonly Uint8Array[], b: readonly Uint8Array[]): boolean {
  let ia = 0;
  let ib = 0;
  let oa = 0;
  let ob = 0;
  for (;;) {
    while (ia < a.length && oa === (a[ia] as Uint8Array).length) {
      ia++;
      oa = 0;
    }
    while (ib < b.length && ob === (b[ib] as Uint8Array).length) {
      ib++;
      ob = 0;
    }
    if (ia === a.length || ib === b.length) return ia === a.length && ib === b.length;
    const ca = a[ia] as Uint8Array;
    const cb = b[ib] as Uint8Array;
    const n = Math.min(ca.length - oa, cb.length - ob);
    if (Buffer.compare(ca.subarray(oa, oa + n), cb.subarray(ob, ob + n)) !== 0) return false;
    oa += n;
    ob += n;
  }
}

/**
 * Whether two versions of a file carry the same audio payload. Files held in memory are compared
 * byte for byte (stronger than a hash and ten times faster); files streamed from disk by SHA-256,
 * so neither version has to be held whole.
 */
export async function sameAudio(
  format: GenreFormat,
  a: ByteSource,
  b: ByteSource,
  inMemory: boolean,
): Promise<boolean> {
  if (!inMemory) return (await audioHash(a, format)) === (await audioHash(b, format));
  const chunksA: Uint8Array[] = [];
  const chunksB: Uint8Array[] = [];
  await format.digestAudio(a, (c) => chunksA.push(c));
  await format.digestAudio(b, (c) => chunksB.push(c));
  return sameStream(chunksA, chunksB);
}
