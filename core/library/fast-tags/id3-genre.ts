import { ID3V1_GENRES } from '../id3v1-genres.js';

/**
 * music-metadata's parseGenre (id3v2/FrameParser.js), kept exactly: `(17)` → Rock, `(4)Eurodisco`
 * → Eurodisco and Disco, `((text)` → `(text`, a bare number → its table name. The table is
 * the same 192 names as music-metadata's (tests/library/fast-tags.test.ts checks).
 */
export function parseGenre(origVal: string): string[] {
  const genres: string[] = [];
  let code: string | undefined;
  let word = '';
  for (const c of origVal) {
    if (typeof code === 'string') {
      if (c === '(' && code === '') {
        word += '(';
        code = undefined;
      } else if (c === ')') {
        if (word !== '') {
          genres.push(word);
          word = '';
        }
        const genre = parseGenreCode(code);
        if (genre) genres.push(genre);
        code = undefined;
      } else {
        code += c;
      }
    } else if (c === '(') {
      code = '';
    } else {
      word += c;
    }
  }
  if (word) {
    let last: string | undefined = word;
    if (genres.length === 0 && /^\d*$/.test(word)) last = parseGenreCode(word);
    if (last) genres.push(last);
  }
  return genres;
}

function parseGenreCode(code: string): string | undefined {
  if (code === 'RX') return 'Remix';
  if (code === 'CR') return 'Cover';
  if (/^\d*$/.test(code)) return ID3V1_GENRES[Number.parseInt(code, 10)];
  return undefined;
}
