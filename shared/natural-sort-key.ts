/**
 * The key the library table sorts text by, so "Velvet 82" comes before "Velvet 819", "élan"
 * beside "Elan" and "abba" beside "ABBA": compatibility-decomposed (NFKD) with the accents
 * dropped, lower case, runs of spaces as one, and every run of digits written as its length
 * (two digits) followed by the digits without leading zeros, so numbers compare by value where
 * plain text compares them digit by digit. The keys compare byte for byte (SQLite's BINARY), so
 * one stored column and an index give the order without any collation on the connection.
 *
 * Digit runs longer than 99 are cut into runs of 99 (no tag holds a 100-digit number).
 */
export function naturalSortKey(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  const plain = PRINTABLE_ASCII.test(text) ? text : text.normalize('NFKD').replace(/\p{M}/gu, '');
  const folded = plain.toLowerCase().replace(/\s+/g, ' ').trim();
  if (folded === '') return null;
  return folded.replace(/\d+/g, (run) => numberKey(run));
}

const MAX_RUN = 99;

/** Text with nothing to decompose (most tags): the NFKD step is skipped. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

function numberKey(run: string): string {
  const parts: string[] = [];
  for (let i = 0; i < run.length; i += MAX_RUN) {
    const digits = run.slice(i, i + MAX_RUN).replace(/^0+(?=\d)/, '');
    parts.push(String(digits.length).padStart(2, '0') + digits);
  }
  return parts.join('');
}
