/**
 * The few bytes of the protobuf wire format a model's head needs: field tags, varints and
 * length-delimited fields, with every other field skipped by its wire type. Reading an ONNX
 * model's metadata this way leaves the graph (the support vectors, the bulk of the file) undecoded
 * and spares each process onnx-proto's generated decoder (~55 ms to load, ~8 ms to decode the
 * shipped SVC), a cost paid by the CLI and by every analysis worker that classifies.
 */

export class WireFormatError extends Error {
  override readonly name = 'WireFormatError';
}

export const WireType = { varint: 0, fixed64: 1, lengthDelimited: 2, fixed32: 5 } as const;

export interface WireField {
  readonly field: number;
  readonly wireType: number;
  /** The field's payload: [start, end) of a length-delimited field within the message bytes. */
  readonly start: number;
  readonly end: number;
}

/** Reads the varint at `pos`: its value (exact up to 2^53) and the position after it. */
function varint(bytes: Uint8Array, pos: number, end: number): [number, number] {
  let value = 0;
  for (let shift = 0; shift < 70; shift += 7) {
    if (pos >= end) throw new WireFormatError('truncated varint');
    const byte = bytes[pos++]!;
    value += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return [value, pos];
  }
  throw new WireFormatError('varint longer than 10 bytes');
}

/** The top-level fields of the message in bytes[start, end), in order; throws WireFormatError. */
export function wireFields(bytes: Uint8Array, start = 0, end = bytes.length): WireField[] {
  const fields: WireField[] = [];
  let pos = start;
  while (pos < end) {
    const [tag, afterTag] = varint(bytes, pos, end);
    const field = Math.floor(tag / 8);
    const wireType = tag % 8;
    if (field === 0) throw new WireFormatError(`field number 0 at byte ${pos}`);
    pos = afterTag;
    let payloadStart = pos;
    switch (wireType) {
      case WireType.varint:
        pos = varint(bytes, pos, end)[1];
        break;
      case WireType.fixed64:
        pos += 8;
        break;
      case WireType.fixed32:
        pos += 4;
        break;
      case WireType.lengthDelimited: {
        const [length, afterLength] = varint(bytes, pos, end);
        payloadStart = afterLength;
        pos = afterLength + length;
        break;
      }
      default:
        throw new WireFormatError(`unsupported wire type ${wireType} at byte ${payloadStart}`);
    }
    if (pos > end) throw new WireFormatError(`field ${field} runs past the end of the message`);
    fields.push({ field, wireType, start: payloadStart, end: pos });
  }
  return fields;
}

const utf8 = new TextDecoder();

/** The UTF-8 string of a length-delimited field. */
export function wireString(bytes: Uint8Array, f: WireField): string {
  if (f.wireType !== WireType.lengthDelimited) throw new WireFormatError(`field ${f.field} is not a string`);
  return utf8.decode(bytes.subarray(f.start, f.end));
}
