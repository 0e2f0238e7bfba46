import { bytesAt, latin1Text, notHandled, u32be, type Cursor } from './bytes.js';

/**
 * music-metadata's Atom walk (mp4/Atom.js): container atoms are opened, every other atom goes
 * to the handler with its payload length, and the handler must consume exactly that payload.
 * Errors music-metadata raises (truncated or oversized atoms, 64-bit sizes here) are not handled.
 */
export type AtomHandler = (name: string, parent: string | null, payload: number) => void;

const CONTAINERS = new Set(['moov', 'udta', 'mdia', 'minf', 'stbl', '<id>', 'ilst', 'tref', 'moof']);

/** Reads one atom at the cursor; returns its declared length (0: to the end). */
export function readAtom(c: Cursor, parent: string | null, remaining: number, handler: AtomHandler): number {
  const room = Math.min(remaining, c.file.size - c.position);
  if (room < 8) notHandled();
  const header = c.read(8);
  const declared = u32be(header, 0);
  const name = latin1Text(header.subarray(4, 8));
  if (declared === 1 || (declared !== 0 && declared < 8)) notHandled();
  const length = declared === 0 ? room : declared;
  if (length > room) notHandled();
  readData(c, name, parent, length - 8, handler);
  return declared;
}

/** Atom.readAtoms: children until `size` is used up. */
export function readAtoms(c: Cursor, parent: string, size: number, handler: AtomHandler): void {
  let left = size;
  while (left > 0) {
    const declared = readAtom(c, parent, left, handler);
    left = declared === 0 ? 0 : left - declared;
  }
}

function readData(c: Cursor, name: string, parent: string | null, payload: number, handler: AtomHandler): void {
  if (CONTAINERS.has(name)) return readAtoms(c, name, payload, handler);
  if (name === 'meta') {
    if (payload < 8) notHandled();
    // A full box (version and flags) unless a handler atom follows straight away.
    const padding = latin1Text(bytesAt(c.file, c.position + 4, 4)) === 'hdlr' ? 0 : 4;
    c.ignore(padding);
    return readAtoms(c, name, payload - padding, handler);
  }
  handler(name, parent, payload);
}
