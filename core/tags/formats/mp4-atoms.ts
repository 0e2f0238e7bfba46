import { TagWriteError } from '../errors.js';
import type { ByteSource } from '../io/byte-source.js';

/**
 * ISO base media (MP4/M4A) atoms: 32-bit size + type, or size 1 and a 64-bit size after the
 * type, or size 0 for "to the end of the file" (top level only).
 */
export interface TopAtom {
  readonly type: string;
  readonly start: number;
  readonly headerSize: number;
  readonly size: number;
}

export async function readTopLevelAtoms(source: ByteSource): Promise<TopAtom[]> {
  const atoms: TopAtom[] = [];
  let pos = 0;
  while (pos < source.size) {
    if (source.size - pos < 8) {
      // Trailing bytes too short for an atom: some muxers leave zero padding; anything else is damage.
      const rest = await source.read(pos, source.size - pos);
      if (rest.every((b) => b === 0)) break;
      throw new TagWriteError('corrupt', `stray bytes after the last MP4 atom (byte ${pos})`);
    }
    const head = await source.read(pos, Math.min(16, source.size - pos));
    let size = head.readUInt32BE(0);
    const type = head.toString('latin1', 4, 8);
    let headerSize = 8;
    if (size === 1) {
      if (head.length < 16) throw new TagWriteError('corrupt', 'an MP4 atom header is cut short');
      size = Number(head.readBigUInt64BE(8));
      headerSize = 16;
    } else if (size === 0) {
      size = source.size - pos;
    }
    if (size < headerSize || pos + size > source.size) {
      throw new TagWriteError('corrupt', `the MP4 atom "${type}" at byte ${pos} runs past the end of the file`);
    }
    atoms.push({ type, start: pos, headerSize, size });
    pos += size;
  }
  return atoms;
}

/** An atom inside moov: either a container whose children we edit or a leaf kept byte for byte. */
export interface AtomNode {
  readonly type: string;
  /** Bytes between the header and the children (the version/flags of a full-box `meta`). */
  readonly prefix: Uint8Array;
  /** Children for parsed containers; null for leaves. */
  children: AtomNode[] | null;
  /** The leaf's body (without header). */
  readonly body: Uint8Array;
  /** Whether the original header used the 64-bit size form (kept so nothing else changes). */
  readonly largeSize: boolean;
}

/** Containers on the way to the tags and to the chunk offset tables. */
const CONTAINERS = new Set(['moov', 'udta', 'meta', 'ilst', 'trak', 'mdia', 'minf', 'stbl']);

function parseAtoms(buf: Buffer, start: number, end: number): AtomNode[] {
  const nodes: AtomNode[] = [];
  let pos = start;
  while (pos < end) {
    if (end - pos < 8) {
      // Some writers end udta with a 32-bit zero terminator; keep such bytes as a pseudo-leaf.
      if (buf.subarray(pos, end).every((b) => b === 0)) {
        nodes.push({
          type: '',
          prefix: new Uint8Array(0),
          children: null,
          body: buf.subarray(pos, end),
          largeSize: false,
        });
        break;
      }
      throw new TagWriteError('corrupt', 'an MP4 atom inside moov is cut short');
    }
    let size = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    let headerSize = 8;
    const largeSize = size === 1;
    if (largeSize) {
      size = Number(buf.readBigUInt64BE(pos + 8));
      headerSize = 16;
    } else if (size === 0) {
      size = end - pos;
    }
    if (size < headerSize || pos + size > end)
      throw new TagWriteError('corrupt', `the MP4 atom "${type}" overruns its parent`);
    const bodyStart = pos + headerSize;
    const bodyEnd = pos + size;
    if (CONTAINERS.has(type)) {
      // `meta` is a full box (4 bytes version/flags) in MP4, a plain container in QuickTime files.
      const isFullBoxMeta = type === 'meta' && buf.toString('latin1', bodyStart + 4, bodyStart + 8) !== 'hdlr';
      const prefixLength = isFullBoxMeta ? 4 : 0;
      nodes.push({
        type,
        prefix: buf.subarray(bodyStart, bodyStart + prefixLength),
        children: parseAtoms(buf, bodyStart + prefixLength, bodyEnd),
        body: new Uint8Array(0),
        largeSize,
      });
    } else {
      nodes.push({
        type,
        prefix: new Uint8Array(0),
        children: null,
        body: buf.subarray(bodyStart, bodyEnd),
        largeSize,
      });
    }
    pos = bodyEnd;
  }
  return nodes;
}

/** Parses a moov atom (its complete bytes) into a tree. */
export function parseMoov(bytes: Buffer): AtomNode {
  const [moov] = parseAtoms(bytes, 0, bytes.length);
  if (!moov || moov.type !== 'moov') throw new TagWriteError('corrupt', 'not a moov atom');
  return moov;
}

export function nodeSize(node: AtomNode): number {
  if (node.type === '') return node.body.length;
  const content = node.children
    ? node.prefix.length + node.children.reduce((s, c) => s + nodeSize(c), 0)
    : node.body.length;
  const large = node.largeSize || content + 8 > 0xffffffff;
  return content + (large ? 16 : 8);
}

export function serialiseNode(node: AtomNode): Buffer {
  if (node.type === '') return Buffer.from(node.body);
  const size = nodeSize(node);
  const large = node.largeSize || size > 0xffffffff;
  const header = Buffer.alloc(large ? 16 : 8);
  header.writeUInt32BE(large ? 1 : size, 0);
  header.write(node.type, 4, 'latin1');
  if (large) header.writeBigUInt64BE(BigInt(size), 8);
  const parts: Uint8Array[] = [header];
  if (node.children) {
    parts.push(node.prefix, ...node.children.map(serialiseNode));
  } else {
    parts.push(node.body);
  }
  return Buffer.concat(parts);
}

export function leaf(type: string, body: Uint8Array): AtomNode {
  return { type, prefix: new Uint8Array(0), children: null, body, largeSize: false };
}

export function container(type: string, children: AtomNode[], prefix: Uint8Array = new Uint8Array(0)): AtomNode {
  return { type, prefix, children, body: new Uint8Array(0), largeSize: false };
}

export function child(node: AtomNode, type: string): AtomNode | undefined {
  return node.children?.find((c) => c.type === type);
}

/** Every node of the tree, depth first, with its parent. */
export function* walk(
  node: AtomNode,
  parent: AtomNode | null = null,
): Generator<{ node: AtomNode; parent: AtomNode | null }> {
  yield { node, parent };
  for (const c of node.children ?? []) yield* walk(c, node);
}
