import { readFileSync } from 'node:fs';
import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { OnnxMetadataError, readOnnxGraphIo, readOnnxModelHead } from '../../core/model/onnx/metadata.js';
import { WireFormatError, wireFields, wireString } from '../../core/model/onnx/wire-reader.js';

// readOnnxModelHead reads metadata_props off the wire; onnx-proto's full decoder is the reference.
const { onnx } = onnxProto;

function decodedProps(bytes: Uint8Array): Map<string, string> {
  const model = onnx.ModelProto.decode(bytes);
  return new Map(model.metadataProps.map((p) => [p.key ?? '', p.value ?? '']));
}

describe('readOnnxModelHead', () => {
  for (const name of ['gtzan-svc', 'gtzan-knn']) {
    it(`reads the shipped ${name} model's head as the full protobuf decode gives it`, () => {
      const bytes = readFileSync(new URL(`../../models/${name}.onnx`, import.meta.url));
      const props = decodedProps(bytes);
      const head = readOnnxModelHead(bytes);
      expect(head.kind).toBe(props.get('genrewise.kind'));
      expect(head.labels).toEqual(JSON.parse(props.get('genrewise.labels')!));
      expect(head.featureNames).toEqual(JSON.parse(props.get('genrewise.feature_names')!));
      expect(head.labels).toHaveLength(10);
      expect(head.featureNames).toHaveLength(57 - 8);
    });
  }

  it('skips fields of every wire type around the metadata and keeps the last of a repeated key', () => {
    const model = onnx.ModelProto.encode({
      irVersion: 8, // varint
      producerName: 'test', // length-delimited
      graph: { name: 'g', node: [{ opType: 'Identity', input: ['x'], output: ['y'] }] },
      metadataProps: [
        { key: 'genrewise.kind', value: 'old' },
        { key: 'genrewise.labels', value: '["a","b"]' },
        { key: 'genrewise.feature_names', value: '["f1"]' },
        { key: 'genrewise.kind', value: 'svc' },
      ],
    }).finish();
    // Unknown fields 100 (fixed64) and 101 (fixed32), as a newer ONNX might write them.
    const extra = [0xa1, 0x06, 1, 2, 3, 4, 5, 6, 7, 8, 0xad, 0x06, 1, 2, 3, 4]; // tags 100·8 + 1, 101·8 + 5
    const bytes = Uint8Array.from([...extra, ...model]);
    expect(decodedProps(bytes).get('genrewise.kind')).toBe('svc');
    expect(readOnnxModelHead(bytes)).toEqual({ kind: 'svc', labels: ['a', 'b'], featureNames: ['f1'] });
  });

  it('says "not an ONNX model" for bytes that are no protobuf, and names missing metadata', () => {
    for (const bytes of [
      Uint8Array.from([0x72, 0x05, 1, 2]), // field 14 longer than the file
      Uint8Array.from([0x08, 0x80]), // truncated varint
      Uint8Array.from([0x0b]), // wire type 3 (group)
      new TextEncoder().encode('hello'), // 'h' = field 13, wire type 0, then garbage
    ]) {
      expect(() => readOnnxModelHead(bytes)).toThrow(OnnxMetadataError);
    }
    expect(() => readOnnxModelHead(Uint8Array.from([0x72, 0x05, 1, 2]))).toThrow(/^not an ONNX model/);
    const bare = onnx.ModelProto.encode({ irVersion: 8 }).finish();
    expect(() => readOnnxModelHead(bare)).toThrow(/no "genrewise.kind" metadata/);
  });
});

describe('readOnnxGraphIo', () => {
  for (const name of ['gtzan-svc', 'gtzan-knn']) {
    it(`reads the shipped ${name} model's graph inputs and outputs as the full decode gives them`, () => {
      const bytes = readFileSync(new URL(`../../models/${name}.onnx`, import.meta.url));
      const graph = onnx.ModelProto.decode(bytes).graph!;
      const io = readOnnxGraphIo(bytes);
      expect(io.inputs).toEqual(graph.input!.map((v) => v.name));
      expect(io.outputs).toEqual(graph.output!.map((v) => v.name));
      expect(io.inputs).toContain('features');
      expect(io.outputs).toEqual(expect.arrayContaining(['label', 'probabilities', 'ood']));
    });
  }

  it('says "not an ONNX model" for broken bytes and names a model without a graph', () => {
    expect(() => readOnnxGraphIo(Uint8Array.from([0x3a, 0x05, 1, 2]))).toThrow(/^not an ONNX model/);
    expect(() => readOnnxGraphIo(onnx.ModelProto.encode({ irVersion: 8 }).finish())).toThrow(/has no graph/);
  });
});

describe('wireFields', () => {
  it('reads tags, varints up to 2^53 and strings', () => {
    const bytes = Uint8Array.from([0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x12, 0x02, 0x68, 0x69]);
    const fields = wireFields(bytes);
    expect(fields.map((f) => [f.field, f.wireType])).toEqual([
      [1, 0],
      [2, 2],
    ]);
    expect(wireString(bytes, fields[1]!)).toBe('hi');
    expect(() => wireFields(Uint8Array.from([0x00]))).toThrow(WireFormatError);
  });
});
