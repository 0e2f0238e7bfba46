import { copiesKeepOffsets, editSize, pieceLength, type FileEdit } from '../edit.js';
import type { FileByteSource } from './byte-source.js';
import type { TagFs, WritableFile } from './tag-fs.js';

const BUFFER = 1 << 20;

/**
 * Builds the new version described by `edit` in a new file at `target` and returns it open.
 * When every copied range keeps its offset (the tag changed size inside padding, or only the end
 * of the file changed) the target starts as a copy of the original, reflinked where the file
 * system can, and only the changed bytes are written; otherwise the pieces are streamed in order.
 */
export async function writeEdit(
  fs: TagFs,
  source: FileByteSource,
  edit: FileEdit,
  target: string,
  mode: number,
): Promise<WritableFile> {
  const copied = edit.pieces.reduce((sum, p) => sum + (p.kind === 'copy' ? p.end - p.start : 0), 0);
  if (copiesKeepOffsets(edit) && copied * 2 >= editSize(edit)) {
    await fs.cloneFile(source.path, target);
    const file = await fs.openForWrite(target);
    try {
      await writePieces(file, source, edit, false);
      await file.truncate(editSize(edit));
      return file;
    } catch (err) {
      await file.close().catch(() => undefined);
      throw err;
    }
  }
  const file = await fs.createExclusive(target, mode);
  try {
    await writePieces(file, source, edit, true);
    return file;
  } catch (err) {
    await file.close().catch(() => undefined);
    throw err;
  }
}

async function writePieces(
  file: WritableFile,
  source: FileByteSource,
  edit: FileEdit,
  includeCopies: boolean,
): Promise<void> {
  const out = new CoalescingWriter(file);
  for (const piece of edit.pieces) {
    if (piece.kind === 'copy') {
      if (!includeCopies) {
        await out.skip(pieceLength(piece));
        continue;
      }
      for (let offset = piece.start; offset < piece.end; offset += BUFFER) {
        await out.push(await source.read(offset, Math.min(BUFFER, piece.end - offset)));
      }
    } else if (piece.kind === 'bytes') {
      await out.push(piece.data);
    } else {
      let produced = 0;
      for await (const chunk of piece.produce(source)) {
        produced += chunk.length;
        await out.push(chunk);
      }
      if (produced !== piece.end - piece.start) {
        throw new Error(
          `internal error: a rewritten range produced ${produced} bytes instead of ${piece.end - piece.start}`,
        );
      }
    }
  }
  await out.flush();
}

/** Gathers small chunks (Ogg pages, tag bytes) into large positional writes. */
class CoalescingWriter {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private position = 0;

  constructor(private readonly file: WritableFile) {}

  async push(chunk: Uint8Array): Promise<void> {
    if (chunk.length >= BUFFER && this.pendingBytes === 0) {
      await this.file.write(chunk, this.position);
      this.position += chunk.length;
      return;
    }
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes >= BUFFER) await this.flush();
  }

  async skip(length: number): Promise<void> {
    await this.flush();
    this.position += length;
  }

  async flush(): Promise<void> {
    if (this.pendingBytes === 0) return;
    const data = this.pending.length === 1 ? (this.pending[0] as Uint8Array) : Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    await this.file.write(data, this.position);
    this.position += data.length;
  }
}
