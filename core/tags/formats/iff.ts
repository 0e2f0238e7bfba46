import { bytes, copy, normaliseEdit, type FileEdit, type Piece } from '../edit.js';
import { TagWriteError } from '../errors.js';
import { bufferSource, type ByteSource } from '../io/byte-source.js';
import { newTag, readId3v2At, serialiseId3v2, withGenres } from './id3v2.js';
import { digestMarker, digestRange } from './ranges.js';
import type { AudioSink, FormatId, GenreFormat } from './types.js';

/**
 * WAV (RIFF, little-endian sizes) and AIFF/AIFC (FORM, big-endian sizes): a list of chunks, each
 * padded to an even length. The genres go into an ID3v2 tag in an `id3 ` chunk (WAV, as Picard and
 * foobar2000 write it) or `ID3 ` chunk (AIFF, the only one AIFF readers look for), added as v2.3 at
 * the end when missing. A WAV's RIFF INFO genre (IGNR, or the rarer GNRE) is updated when present,
 * because Windows Explorer and many DAWs read only INFO; it holds one string, so several values are
 * joined with "; ". Unchanged chunks are copied as they are.
 */
interface Chunk {
  readonly id: string;
  /** Offset of the chunk's 8-byte header. */
  readonly start: number;
  readonly size: number;
  /** One past the pad byte (clamped to the container's end when a writer left the pad out). */
  readonly end: number;
}

interface IffLayout {
  readonly littleEndian: boolean;
  readonly formType: string;
  readonly containerEnd: number;
  readonly chunks: readonly Chunk[];
}

interface IffDialect {
  readonly id: FormatId;
  readonly magic: string;
  readonly formTypes: readonly string[];
  readonly littleEndian: boolean;
  readonly id3ChunkIds: readonly string[];
  readonly newId3ChunkId: string;
  readonly audioChunks: readonly string[];
}

const WAV: IffDialect = {
  id: 'wav',
  magic: 'RIFF',
  formTypes: ['WAVE'],
  littleEndian: true,
  id3ChunkIds: ['id3 ', 'ID3 '],
  newId3ChunkId: 'id3 ',
  audioChunks: ['fmt ', 'fact', 'data'],
};

const AIFF: IffDialect = {
  id: 'aiff',
  magic: 'FORM',
  formTypes: ['AIFF', 'AIFC'],
  littleEndian: false,
  id3ChunkIds: ['ID3 '],
  newId3ChunkId: 'ID3 ',
  audioChunks: ['COMM', 'SSND'],
};

function readSize(buf: Buffer, at: number, littleEndian: boolean): number {
  return littleEndian ? buf.readUInt32LE(at) : buf.readUInt32BE(at);
}

function chunkHeader(id: string, size: number, littleEndian: boolean): Buffer {
  const h = Buffer.alloc(8);
  h.write(id, 0, 'latin1');
  if (littleEndian) h.writeUInt32LE(size, 4);
  else h.writeUInt32BE(size, 4);
  return h;
}

/** A complete chunk (header, data, pad byte). */
function chunkBytes(id: string, data: Uint8Array, littleEndian: boolean): Buffer {
  return Buffer.concat([chunkHeader(id, data.length, littleEndian), data, new Uint8Array(data.length & 1)]);
}

async function layout(source: ByteSource, dialect: IffDialect): Promise<IffLayout> {
  const head = await source.read(0, 12);
  const magic = head.toString('latin1', 0, 4);
  if (magic === 'RF64') throw new TagWriteError('unsupported', 'RF64 (64-bit WAV) files are not written');
  const formType = head.toString('latin1', 8, 12);
  if (magic !== dialect.magic || !dialect.formTypes.includes(formType)) {
    throw new TagWriteError('corrupt', `not a ${dialect.magic}/${dialect.formTypes.join('|')} file`);
  }
  const declared = readSize(head, 4, dialect.littleEndian);
  // Some writers leave the container size wrong (0, or the size before a later append): trust the file.
  const containerEnd = declared >= 4 && 8 + declared <= source.size ? 8 + declared : source.size;
  const chunks: Chunk[] = [];
  let pos = 12;
  while (pos + 8 <= containerEnd) {
    const h = await source.read(pos, 8);
    const id = h.toString('latin1', 0, 4);
    const size = readSize(h, 4, dialect.littleEndian);
    if (!/^[\x20-\x7e]{4}$/.test(id)) throw new TagWriteError('corrupt', `unreadable chunk id at byte ${pos}`);
    if (pos + 8 + size > containerEnd) {
      throw new TagWriteError(
        size === 0xffffffff ? 'unsupported' : 'corrupt',
        `the "${id}" chunk at byte ${pos} runs past the end of the file${size === 0xffffffff ? ' (size unknown: a stream capture)' : ''}`,
      );
    }
    const end = Math.min(pos + 8 + size + (size & 1), containerEnd);
    chunks.push({ id, start: pos, size, end });
    pos = end;
  }
  if (pos !== containerEnd && !(await source.read(pos, containerEnd - pos)).every((b) => b === 0)) {
    throw new TagWriteError('corrupt', `stray bytes after the last chunk (byte ${pos})`);
  }
  return { littleEndian: dialect.littleEndian, formType, containerEnd, chunks };
}

async function newId3Data(
  source: ByteSource,
  chunk: Chunk | undefined,
  genres: readonly string[],
): Promise<Uint8Array> {
  if (!chunk) return serialiseId3v2(newTag(), withGenres(newTag(), genres));
  const data = await source.read(chunk.start + 8, chunk.size);
  const tag = await readId3v2At(bufferSource(data), 0);
  if (!tag) throw new TagWriteError('corrupt', 'the ID3 chunk does not hold an ID3v2 tag');
  // Bytes after the tag inside the chunk (writers that pad the chunk) stay as they were.
  return Buffer.concat([serialiseId3v2(tag, withGenres(tag, genres)), data.subarray(tag.totalSize)]);
}

/** The LIST/INFO chunk with its genre entries set, or null when it has none to set. */
async function newInfoChunk(
  source: ByteSource,
  chunk: Chunk,
  genres: readonly string[],
  littleEndian: boolean,
): Promise<Buffer | null> {
  const data = await source.read(chunk.start + 8, chunk.size);
  if (data.toString('latin1', 0, 4) !== 'INFO') return null;
  const parts: Buffer[] = [Buffer.from('INFO', 'latin1')];
  let pos = 4;
  let found = false;
  while (pos + 8 <= data.length) {
    const id = data.toString('latin1', pos, pos + 4);
    const size = readSize(data, pos + 4, littleEndian);
    const end = Math.min(pos + 8 + size + (size & 1), data.length);
    if (pos + 8 + size > data.length) throw new TagWriteError('corrupt', 'a RIFF INFO entry overruns its LIST chunk');
    if (id === 'IGNR' || id === 'GNRE') {
      found = true;
      if (genres.length > 0) {
        const text = genres.join('; ');
        const latin1 = [...text].every((c) => (c.codePointAt(0) ?? 0) <= 0xff);
        const encoded = Buffer.from(`${text}\0`, latin1 ? 'latin1' : 'utf8');
        parts.push(chunkBytes(id, encoded, littleEndian));
      }
    } else {
      parts.push(data.subarray(pos, end));
    }
    pos = end;
  }
  if (!found) return null;
  parts.push(data.subarray(pos));
  return chunkBytes('LIST', Buffer.concat(parts), littleEndian);
}

function iffFormat(dialect: IffDialect): GenreFormat {
  return {
    id: dialect.id,

    async planGenres(source: ByteSource, genres: readonly string[]): Promise<FileEdit> {
      const l = await layout(source, dialect);
      const id3Chunks = l.chunks.filter((c) => dialect.id3ChunkIds.includes(c.id));
      if (id3Chunks.length > 1)
        throw new TagWriteError('unsupported', 'the file has more than one ID3 chunk; not written');
      const id3Chunk = id3Chunks[0];
      const id3Data = await newId3Data(source, id3Chunk, genres);
      const newId3Chunk =
        id3Data.length > 0
          ? chunkBytes(id3Chunk?.id ?? dialect.newId3ChunkId, id3Data, l.littleEndian)
          : new Uint8Array(0);

      const body: Piece[] = [];
      for (const chunk of l.chunks) {
        if (chunk === id3Chunk) {
          body.push(bytes(newId3Chunk));
          continue;
        }
        if (dialect.id === 'wav' && chunk.id === 'LIST') {
          const info = await newInfoChunk(source, chunk, genres, l.littleEndian);
          if (info) {
            body.push(bytes(info));
            continue;
          }
        }
        body.push(copy(chunk.start, chunk.end));
      }
      if (!id3Chunk && newId3Chunk.length > 0) {
        const last = l.chunks[l.chunks.length - 1];
        // A last chunk of odd size whose pad byte was left out: add it before appending.
        if (last && last.end < last.start + 8 + last.size + (last.size & 1)) body.push(bytes(Uint8Array.of(0)));
        body.push(bytes(newId3Chunk));
      }
      const newContainerSize = 4 + body.reduce((s, p) => s + (p.kind === 'bytes' ? p.data.length : p.end - p.start), 0);
      const header = Buffer.concat([
        Buffer.from(dialect.magic, 'latin1'),
        Buffer.alloc(4),
        Buffer.from(l.formType, 'latin1'),
      ]);
      if (l.littleEndian) header.writeUInt32LE(newContainerSize, 4);
      else header.writeUInt32BE(newContainerSize, 4);
      return normaliseEdit([bytes(header), ...body, copy(l.containerEnd, source.size)]);
    },

    async digestAudio(source: ByteSource, sink: AudioSink): Promise<void> {
      const l = await layout(source, dialect);
      for (const chunk of l.chunks) {
        if (!dialect.audioChunks.includes(chunk.id)) continue;
        digestMarker(sink, chunk.id, chunk.size);
        await digestRange(source, chunk.start + 8, chunk.start + 8 + chunk.size, sink);
      }
    },
  };
}

export const wavFormat = iffFormat(WAV);
export const aiffFormat = iffFormat(AIFF);
