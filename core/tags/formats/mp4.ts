import { bytes, copy, normaliseEdit, type FileEdit, type Piece } from '../edit.js';
import { TagWriteError } from '../errors.js';
import type { ByteSource } from '../io/byte-source.js';
import {
  child,
  container,
  leaf,
  nodeSize,
  parseMoov,
  readTopLevelAtoms,
  serialiseNode,
  walk,
  type AtomNode,
  type TopAtom,
} from './mp4-atoms.js';
import { digestMarker, digestRange } from './ranges.js';
import type { AudioSink, GenreFormat } from './types.js';

/**
 * MP4/M4A: the genres go into moov/udta/meta/ilst as one `©gen` item holding a UTF-8 `data`
 * atom per value (how TagLib and music-metadata represent lists); a `gnre` item (ID3v1 number)
 * is removed so readers do not see two genres. When moov changes size:
 * 1. a `free`/`skip` atom inside moov (iTunes leaves one next to ilst) or right after moov
 *    absorbs the change, so nothing else in the file moves;
 * 2. otherwise, when media data follows moov, every chunk offset (stco/co64) pointing behind moov
 *    is shifted by the change.
 * Fragmented MP4 whose moof boxes would move is refused (their offsets live in many places).
 */
const FREE_TYPES = new Set(['free', 'skip']);
const GENRE = '\xa9gen';
const GENRE_NUMBER = 'gnre';

function genreItem(genres: readonly string[]): AtomNode {
  const dataAtoms = genres.map((g) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(1, 0); // well-known type 1: UTF-8 text
    head.writeUInt32BE(0, 4); // default locale
    return leaf('data', Buffer.concat([head, Buffer.from(g, 'utf8')]));
  });
  return container(GENRE, dataAtoms);
}

/** iTunes-style handler for a meta atom we create. */
function metadataHandler(): AtomNode {
  const body = Buffer.alloc(25);
  body.write('mdir', 8, 'latin1');
  body.write('appl', 12, 'latin1');
  return leaf('hdlr', body);
}

interface IlstLocation {
  readonly ilst: AtomNode;
  readonly meta: AtomNode;
  readonly udta: AtomNode | null;
  /** Whether we created meta (and udta) in this edit. */
  readonly created: boolean;
}

function findOrCreateIlst(moov: AtomNode): IlstLocation {
  const moovMeta = child(moov, 'meta');
  const moovIlst = moovMeta ? child(moovMeta, 'ilst') : undefined;
  const udta = child(moov, 'udta');
  const meta = udta ? child(udta, 'meta') : undefined;
  const ilst = meta ? child(meta, 'ilst') : undefined;
  if (udta && meta && ilst) return { ilst, meta, udta, created: false };
  if (moovMeta && moovIlst) return { ilst: moovIlst, meta: moovMeta, udta: null, created: false };
  const newIlst = container('ilst', []);
  if (meta) {
    meta.children?.push(newIlst);
    return { ilst: newIlst, meta, udta: udta ?? null, created: false };
  }
  const newMeta = container('meta', [metadataHandler(), newIlst], new Uint8Array(4));
  if (udta) {
    udta.children?.push(newMeta);
    return { ilst: newIlst, meta: newMeta, udta, created: true };
  }
  const newUdta = container('udta', [newMeta]);
  moov.children?.push(newUdta);
  return { ilst: newIlst, meta: newMeta, udta: newUdta, created: true };
}

function setGenres(ilst: AtomNode, genres: readonly string[]): void {
  const items: AtomNode[] = [];
  let placed = false;
  for (const item of ilst.children ?? []) {
    if (item.type !== GENRE && item.type !== GENRE_NUMBER) {
      items.push(item);
    } else if (!placed) {
      placed = true;
      if (genres.length > 0) items.push(genreItem(genres));
    }
  }
  if (!placed && genres.length > 0) items.push(genreItem(genres));
  ilst.children = items;
}

/**
 * Removes a tag structure that holds nothing: an empty ilst whose meta has only its handler, and
 * then an empty udta. This is exactly what we add to a file without tags, so undoing restores it.
 */
function pruneEmpty(moov: AtomNode, location: IlstLocation): void {
  if ((location.ilst.children?.length ?? 0) > 0) return;
  const metaChildren = location.meta.children ?? [];
  if (!metaChildren.every((c) => c.type === 'hdlr' || c === location.ilst)) return;
  const parent = location.udta ?? moov;
  parent.children = (parent.children ?? []).filter((c) => c !== location.meta);
  if (location.udta && (location.udta.children?.length ?? 0) === 0) {
    moov.children = (moov.children ?? []).filter((c) => c !== location.udta);
  }
}

/** Shrinks (or grows) a free atom inside moov by `delta`; false when none can take it. */
function absorbInMoov(moov: AtomNode, location: IlstLocation, delta: number): boolean {
  const candidates = [location.meta, location.udta, moov].filter((n): n is AtomNode => n !== null);
  for (const parent of candidates) {
    const list = parent.children ?? [];
    const index = list.findIndex((c) => FREE_TYPES.has(c.type) && !c.largeSize);
    if (index < 0) continue;
    const free = list[index] as AtomNode;
    const newBody = free.body.length - delta;
    if (newBody >= 0) {
      list[index] = leaf(free.type, new Uint8Array(newBody));
      return true;
    }
    if (newBody === -8) {
      list.splice(index, 1);
      return true;
    }
  }
  return false;
}

function shiftChunkOffsets(moov: AtomNode, after: number, delta: number): void {
  for (const { node, parent } of walk(moov)) {
    if (!parent || (node.type !== 'stco' && node.type !== 'co64')) continue;
    const body = Buffer.from(node.body);
    const count = body.readUInt32BE(4);
    const wide = node.type === 'co64';
    if (8 + count * (wide ? 8 : 4) > body.length)
      throw new TagWriteError('corrupt', `the ${node.type} table is cut short`);
    for (let i = 0; i < count; i++) {
      const at = 8 + i * (wide ? 8 : 4);
      const offset = wide ? Number(body.readBigUInt64BE(at)) : body.readUInt32BE(at);
      if (offset < after) continue;
      const shifted = offset + delta;
      if (wide) body.writeBigUInt64BE(BigInt(shifted), at);
      else if (shifted > 0xffffffff)
        throw new TagWriteError('unsupported', 'the chunk offsets would pass 4 GiB (stco); not written');
      else body.writeUInt32BE(shifted, at);
    }
    const list = parent.children ?? [];
    list[list.indexOf(node)] = leaf(node.type, body);
  }
}

interface Mp4Layout {
  readonly atoms: readonly TopAtom[];
  readonly moov: TopAtom;
}

async function layout(source: ByteSource): Promise<Mp4Layout> {
  const atoms = await readTopLevelAtoms(source);
  const moovs = atoms.filter((a) => a.type === 'moov');
  if (moovs.length !== 1) throw new TagWriteError('corrupt', `the MP4 file has ${moovs.length} moov atoms`);
  return { atoms, moov: moovs[0] as TopAtom };
}

export const mp4Format: GenreFormat = {
  id: 'mp4',

  async planGenres(source: ByteSource, genres: readonly string[]): Promise<FileEdit> {
    const { atoms, moov: moovAtom } = await layout(source);
    const moov = parseMoov(await source.read(moovAtom.start, moovAtom.size));
    const location = findOrCreateIlst(moov);
    setGenres(location.ilst, genres);
    pruneEmpty(moov, location);

    const moovEnd = moovAtom.start + moovAtom.size;
    let delta = nodeSize(moov) - moovAtom.size;
    const next = atoms[atoms.indexOf(moovAtom) + 1];
    let nextFree: { replace: TopAtom; bytes: Uint8Array } | null = null;
    if (delta !== 0 && absorbInMoov(moov, location, delta)) delta = 0;
    if (delta !== 0 && next && FREE_TYPES.has(next.type) && next.headerSize === 8) {
      const remaining = next.size - delta;
      if (remaining >= 8 || remaining === 0) {
        const free = Buffer.alloc(remaining);
        if (remaining > 0) {
          free.writeUInt32BE(remaining, 0);
          free.write(next.type, 4, 'latin1');
        }
        nextFree = { replace: next, bytes: free };
        delta = 0;
      }
    }
    if (delta !== 0) {
      const mediaAfter = atoms.some((a) => a.start >= moovEnd && a.type === 'mdat');
      const fragmentsAfter = atoms.some((a) => a.start >= moovEnd && (a.type === 'moof' || a.type === 'sidx'));
      if (fragmentsAfter)
        throw new TagWriteError(
          'unsupported',
          'fragmented MP4 with fragments after moov and no free space to absorb the tag change; not written',
        );
      if (mediaAfter) shiftChunkOffsets(moov, moovEnd, delta);
    }

    const pieces: Piece[] = [copy(0, moovAtom.start), bytes(serialiseNode(moov))];
    if (nextFree) {
      pieces.push(bytes(nextFree.bytes), copy(nextFree.replace.start + nextFree.replace.size, source.size));
    } else {
      pieces.push(copy(moovEnd, source.size));
    }
    return normaliseEdit(pieces);
  },

  async digestAudio(source: ByteSource, sink: AudioSink): Promise<void> {
    const { atoms, moov: moovAtom } = await layout(source);
    const mdats = atoms
      .filter((a) => a.type === 'mdat')
      .map((a) => ({ start: a.start + a.headerSize, end: a.start + a.size }));
    for (const [i, m] of mdats.entries()) {
      digestMarker(sink, `mdat${i}`, m.end - m.start);
      await digestRange(source, m.start, m.end, sink);
    }
    // The sample tables decide what the decoder plays. Chunk offsets are hashed relative to the
    // mdat they point into, so a moov that moved with correctly shifted offsets hashes the same.
    const moov = parseMoov(await source.read(moovAtom.start, moovAtom.size));
    for (const trak of moov.children ?? []) {
      if (trak.type !== 'trak' && trak.type !== 'mvhd') continue;
      for (const { node } of walk(trak)) {
        if (node.children) {
          digestMarker(sink, node.type, node.children.length);
        } else if (node.type === 'stco' || node.type === 'co64') {
          const body = Buffer.from(node.body.buffer, node.body.byteOffset, node.body.byteLength);
          const wide = node.type === 'co64';
          const count = body.readUInt32BE(4);
          digestMarker(sink, 'chunks', count);
          const mapped = Buffer.alloc(count * 12);
          for (let i = 0; i < count; i++) {
            const at = 8 + i * (wide ? 8 : 4);
            const offset = wide ? Number(body.readBigUInt64BE(at)) : body.readUInt32BE(at);
            const index = mdats.findIndex((m) => offset >= m.start && offset <= m.end);
            const relative = index < 0 ? offset : offset - (mdats[index] as { start: number }).start;
            mapped.writeInt32BE(index, i * 12);
            mapped.writeBigUInt64BE(BigInt(relative), i * 12 + 4);
          }
          sink(mapped);
        } else {
          digestMarker(sink, node.type, node.body.length);
          sink(node.body);
        }
      }
    }
  },
};
