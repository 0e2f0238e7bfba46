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
