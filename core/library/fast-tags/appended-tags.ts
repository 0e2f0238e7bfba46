import { bytesAt, latin1Text, type FileBytes } from './bytes.js';

/**
 * What music-metadata's scanAppendingHeaders and ID3v1 reader look for at the end of a file: an
 * ID3v1 tag (the last 128 bytes start "TAG"), a Lyrics3 v2 tag before it, an APE tag footer.
 */
export interface AppendedTags {
  /** Start of the ID3v1 tag, when there is one. */
  readonly id3v1At: number | undefined;
  /** A Lyrics3 or APE tag: left to music-metadata. */
  readonly other: boolean;
}

export function appendedTags(file: FileBytes): AppendedTags {
  const { size } = file;
  let apeEnd = size;
  let id3v1At: number | undefined;
  let other = false;
  if (size >= 128 && latin1Text(bytesAt(file, size - 128, 3)) === 'TAG') {
    id3v1At = size - 128;
    apeEnd -= 128;
    if (size >= 143 && latin1Text(bytesAt(file, size - 143, 15)).substring(6) === 'LYRICS200') other = true;
  }
  if (apeEnd > 32 && latin1Text(bytesAt(file, apeEnd - 32, 8)) === 'APETAGEX') other = true;
  return { id3v1At, other };
}
