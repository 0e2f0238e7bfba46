import type { ByteSource } from './io/byte-source.js';

/**
 * The new version of a file, described as a list of pieces: new bytes, or ranges copied from the
 * original. Writers only describe; the safe-write pipeline builds the temporary file from the
 * description, so large audio ranges are streamed (or cloned by the file system) and never
 * pass through the format code.
 */
export type Piece =
  | { readonly kind: 'bytes'; readonly data: Uint8Array }
  | { readonly kind: 'copy'; readonly start: number; readonly end: number }
  /**
   * The range [start, end) of the original, rewritten by `produce` into exactly end - start
   * bytes (Ogg pages whose sequence numbers and CRCs change).
   */
  | {
      readonly kind: 'rewrite';
      readonly start: number;
      readonly end: number;
      produce(source: ByteSource): AsyncIterable<Uint8Array>;
    };

export interface FileEdit {
  readonly pieces: readonly Piece[];
}

export function bytes(data: Uint8Array): Piece {
  return { kind: 'bytes', data };
}

export function copy(start: number, end: number): Piece {
  return { kind: 'copy', start, end };
}

export function pieceLength(piece: Piece): number {
  return piece.kind === 'bytes' ? piece.data.length : piece.end - piece.start;
}

export function editSize(edit: FileEdit): number {
  return edit.pieces.reduce((sum, piece) => sum + pieceLength(piece), 0);
}

/** Drops empty pieces and merges adjacent copies, so "unchanged" is easy to recognise. */
export function normaliseEdit(pieces: readonly Piece[]): FileEdit {
  const out: Piece[] = [];
  for (const piece of pieces) {
    if (pieceLength(piece) === 0) continue;
    const last = out[out.length - 1];
    if (piece.kind === 'copy' && last?.kind === 'copy' && last.end === piece.start) {
      out[out.length - 1] = copy(last.start, piece.end);
    } else {
      out.push(piece);
    }
  }
  return { pieces: out };
}

/** The original with [start, end) replaced by `data`. */
export function spliceEdit(size: number, start: number, end: number, data: Uint8Array): FileEdit {
  return normaliseEdit([copy(0, start), bytes(data), copy(end, size)]);
}

/** True when the edit reproduces the original byte for byte (a no-op write). */
export function isIdentity(edit: FileEdit, size: number): boolean {
  const [only, ...rest] = edit.pieces;
  if (size === 0) return edit.pieces.length === 0;
  return rest.length === 0 && only?.kind === 'copy' && only.start === 0 && only.end === size;
}

/**
 * Whether every copied range stays at its own offset, so the new version can start as a
 * (possibly reflinked) copy of the original with the changed bytes written over it.
 */
export function copiesKeepOffsets(edit: FileEdit): boolean {
  let offset = 0;
  for (const piece of edit.pieces) {
    if (piece.kind !== 'bytes' && piece.start !== offset) return false;
    offset += pieceLength(piece);
  }
  return true;
}
