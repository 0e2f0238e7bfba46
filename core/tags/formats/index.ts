import { TagWriteError } from '../errors.js';
import type { ByteSource } from '../io/byte-source.js';
import { apeFileFormat } from './ape-file.js';
import { asfFormat } from './asf.js';
import { flacFormat } from './flac.js';
import { id3v2SizeAt } from './id3v2.js';
import { aiffFormat, wavFormat } from './iff.js';
import { mp4Format } from './mp4.js';
import { mpegFormat } from './mpeg.js';
import { oggFormat } from './ogg.js';
import type { GenreFormat } from './types.js';

export type { AudioSink, FormatId, GenreFormat } from './types.js';

const ASF_HEADER = Buffer.from('3026b2758e66cf11a6d900aa0062ce6c', 'hex');

/**
 * The writer for a file, chosen from its content (never its name: a ".mp3" holding AAC or a
 * ".m4a" holding ALAC are common and must be written as what they are).
 */
export async function detectFormat(source: ByteSource): Promise<GenreFormat> {
  const head = await source.readAvailable(0, 16);
  const text = (start: number, end: number): string => head.toString('latin1', start, end);
  if (text(0, 3) === 'ID3') {
    // A leading ID3v2 tag: MP3 normally, but FLAC and the APE family sometimes carry one too.
    const after = await source.readAvailable(await id3v2SizeAt(source, 0), 4);
    const magic = after.toString('latin1');
    if (magic === 'fLaC') return flacFormat;
    if (magic === 'MAC ' || magic === 'wvpk' || magic === 'MPCK' || magic.startsWith('MP+')) return apeFileFormat;
    return mpegFormat;
  }
  if (text(0, 4) === 'fLaC') return flacFormat;
  if (text(0, 4) === 'OggS') return oggFormat;
  if (text(4, 8) === 'ftyp' || text(4, 8) === 'moov') return mp4Format;
  if (head.subarray(0, 16).equals(ASF_HEADER)) return asfFormat;
  if ((text(0, 4) === 'RIFF' || text(0, 4) === 'RF64') && text(8, 12) === 'WAVE') return wavFormat;
  if (text(0, 4) === 'FORM' && (text(8, 12) === 'AIFF' || text(8, 12) === 'AIFC')) return aiffFormat;
  if (text(0, 4) === 'MAC ' || text(0, 4) === 'wvpk' || text(0, 4) === 'MPCK' || text(0, 3) === 'MP+')
    return apeFileFormat;
  if (head[0] === 0xff && ((head[1] ?? 0) & 0xe0) === 0xe0) return mpegFormat;
  if (head.length === 0) throw new TagWriteError('corrupt', 'the file is empty');
  throw new TagWriteError('unsupported', 'not an audio format Genrewise writes tags to');
}
