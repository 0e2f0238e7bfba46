import { foldText } from './order.js';

/** Characters Windows forbids in names (and `/`, which no system allows), plus controls. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what must go
const FORBIDDEN = /[<>:"/\\|?*\u0000-\u001f\u007f]/g;
const RESERVED_WINDOWS = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;
/** File names are at most 255 bytes on common file systems; leave room for " (12)" and ".m3u8". */
const MAX_BASE_BYTES = 200;

/**
 * A file name (without extension) for a genre that is valid on Windows, macOS and Linux, so an
 * exported folder can be copied to any device: forbidden characters become "-", trailing dots
 * and spaces (which Windows strips) and leading dots (hidden files) go, reserved device names
 * get a "_", and very long names are cut on a character boundary.
 */
export function safeFileBase(name: string): string {
  let base = name.normalize('NFC').replace(/\s+/g, ' ').replace(FORBIDDEN, '-').trim();
  base = base.replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');
  base = truncateUtf8(base, MAX_BASE_BYTES).replace(/[.\s]+$/, '');
  if (base === '') return '_';
  if (RESERVED_WINDOWS.test(base)) return `${base}_`;
  return base;
}

/**
 * File names for a list of playlist names, in the same order: each its safe base plus the
 * extension, and " (2)", " (3)"… for names that would otherwise clash. Clashes are judged
 * case-insensitively after Unicode normalisation, as Windows and macOS file systems do, so the
 * result is collision-free everywhere. Earlier names keep the plain form, so callers pass the
 * names in a stable order.
 */
export function assignFileNames(names: readonly string[], extension: string): string[] {
  const taken = new Set<string>();
  return names.map((name) => {
    const base = safeFileBase(name);
    let candidate = `${base}.${extension}`;
    for (let n = 2; taken.has(foldText(candidate)); n++) candidate = `${base} (${n}).${extension}`;
    taken.add(foldText(candidate));
    return candidate;
  });
}

function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  let out = '';
  let bytes = 0;
  for (const ch of text) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (bytes + size > maxBytes) break;
    out += ch;
    bytes += size;
  }
  return out;
}
