import onnxProto from 'onnx-proto';
import type { onnx as OnnxTypes } from 'onnx-proto';

/**
 * A small typed layer over onnx-proto's protobuf classes: named constants, nodes with typed
 * attributes, graph inputs/outputs, and a deterministic encoder (no timestamps, fixed field
 * order), so exporting the same model twice gives byte-identical files.
 */

const { onnx } = onnxProto;
const DataType = onnx.TensorProto.DataType;
const AttributeType = onnx.AttributeProto.AttributeType;

/**
 * IR 8 / opset 17 / ai.onnx.ml 3: what onnx-proto's schema (ONNX 1.10+) describes and every
 * onnxruntime since 1.12 runs, including onnxruntime-node 1.30 and the one inside Electron.
 */
export const IR_VERSION = 8;
export const OPSET_DEFAULT = 17;
export const OPSET_ML = 3;
export const ML_DOMAIN = 'ai.onnx.ml';

export type ElementType = 'float' | 'double' | 'int64' | 'string' | 'bool';

const ELEMENT_TYPES: Readonly<Record<ElementType, number>> = {
  float: DataType.FLOAT,
  double: DataType.DOUBLE,
  int64: DataType.INT64,
  string: DataType.STRING,
  bool: DataType.BOOL,
};

export type Attribute = OnnxTypes.IAttributeProto;

const utf8 = new TextEncoder();

export const attr = {
  float: (name: string, f: number): Attribute => ({ name, type: AttributeType.FLOAT, f }),
  int: (name: string, i: number): Attribute => ({ name, type: AttributeType.INT, i }),
  string: (name: string, s: string): Attribute => ({ name, type: AttributeType.STRING, s: utf8.encode(s) }),
  floats: (name: string, floats: readonly number[]): Attribute => ({
    name,
    type: AttributeType.FLOATS,
    floats: [...floats],
  }),
  ints: (name: string, ints: readonly number[]): Attribute => ({ name, type: AttributeType.INTS, ints: [...ints] }),
  strings: (name: string, strings: readonly string[]): Attribute => ({
    name,
    type: AttributeType.STRINGS,
    strings: strings.map((s) => utf8.encode(s)),
  }),
};

function littleEndian(
  length: number,
  bytesPer: number,
  write: (view: DataView, offset: number, i: number) => void,
): Uint8Array {
  const bytes = new Uint8Array(length * bytesPer);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < length; i++) write(view, i * bytesPer, i);
  return bytes;
}

function product(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

/** A constant tensor; numbers go in raw little-endian form, strings in string_data. */
export function tensor(
  name: string,
  type: ElementType,
  dims: readonly number[],
  values: readonly number[] | readonly string[] | readonly boolean[],
): OnnxTypes.ITensorProto {
  if (values.length !== product(dims)) {
    throw new Error(`tensor ${name}: ${values.length} values for shape [${dims.join(', ')}]`);
  }
  const base = { name, dims: [...dims], dataType: ELEMENT_TYPES[type] };
  const at = <T>(i: number): T => values[i] as T;
  switch (type) {
    case 'string':
      return { ...base, stringData: values.map((v) => utf8.encode(String(v))) };
    case 'float':
      return { ...base, rawData: littleEndian(values.length, 4, (v, o, i) => v.setFloat32(o, at<number>(i), true)) };
    case 'double':
      return { ...base, rawData: littleEndian(values.length, 8, (v, o, i) => v.setFloat64(o, at<number>(i), true)) };
    case 'int64':
      return {
        ...base,
        rawData: littleEndian(values.length, 8, (v, o, i) => v.setBigInt64(o, BigInt(at<number>(i)), true)),
      };
    case 'bool':
      return { ...base, rawData: littleEndian(values.length, 1, (v, o, i) => v.setUint8(o, at<boolean>(i) ? 1 : 0)) };
  }
}

/** A dimension is a fixed size or a symbolic name (e.g. the batch size "N"). */
export type Dim = number | string;

export interface ValueSpec {
  readonly name: string;
  readonly type: ElementType;
  readonly shape: readonly Dim[];
}

function valueInfo(spec: ValueSpec): OnnxTypes.IValueInfoProto {
  return {
    name: spec.name,
    type: {
      tensorType: {
        elemType: ELEMENT_TYPES[spec.type],
        shape: { dim: spec.shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

export class GraphBuilder {
  private readonly nodes: OnnxTypes.INodeProto[] = [];
  private readonly initializers: OnnxTypes.ITensorProto[] = [];
  private readonly names = new Set<string>();
  private usesMl = false;

  /** `inputs`: the graph's input names, kept out of the names handed out for intermediate values. */
  constructor(
    private readonly graphName: string,
    inputs: readonly string[],
  ) {
    for (const name of inputs) this.names.add(name);
  }

  /** A name not used yet in this graph, derived from `prefix`. */
  fresh(prefix: string): string {
    let name = prefix;
    for (let n = 1; this.names.has(name); n++) name = `${prefix}_${n}`;
    this.names.add(name);
    return name;
  }

  /** Adds a constant; returns its (fresh) name. */
  constant(
    prefix: string,
    type: ElementType,
    dims: readonly number[],
    values: readonly number[] | readonly string[] | readonly boolean[],
  ): string {
    const name = this.fresh(prefix);
    this.initializers.push(tensor(name, type, dims, values));
    return name;
  }

  /** Adds a node and returns its output names (fresh names derived from `outputs`). */
  node(
    opType: string,
    inputs: readonly string[],
    outputs: readonly string[],
    attributes: readonly Attribute[] = [],
    domain = '',
  ): string[] {
    const outNames = outputs.map((o) => this.fresh(o));
    if (domain === ML_DOMAIN) this.usesMl = true;
    this.nodes.push({
      opType,
      domain,
      name: this.fresh(`${opType}_node`),
      input: [...inputs],
      output: outNames,
      attribute: [...attributes],
    });
    return outNames;
  }

  /** A single-output node; returns the output's name. */
  op(
    opType: string,
    inputs: readonly string[],
    output: string,
    attributes: readonly Attribute[] = [],
    domain = '',
  ): string {
    const [name] = this.node(opType, inputs, [output], attributes, domain);
    if (name === undefined) throw new Error('unreachable: node without output');
    return name;
  }

  /** Renames an internal value to a graph output name via Identity. */
  output(from: string, name: string): void {
    if (this.names.has(name)) throw new Error(`graph ${this.graphName}: name ${name} already taken`);
    this.names.add(name);
    this.nodes.push({
      opType: 'Identity',
      domain: '',
      name: this.fresh('Identity_node'),
      input: [from],
      output: [name],
      attribute: [],
    });
  }

  /** Encodes the model; `metadata` ends up in ModelProto.metadata_props, in the given key order. */
  build(
    inputs: readonly ValueSpec[],
    outputs: readonly ValueSpec[],
    metadata: Readonly<Record<string, string>>,
    docString: string,
  ): Uint8Array {
    const opsetImport: OnnxTypes.IOperatorSetIdProto[] = [{ domain: '', version: OPSET_DEFAULT }];
    if (this.usesMl) opsetImport.push({ domain: ML_DOMAIN, version: OPSET_ML });
    const model: OnnxTypes.IModelProto = {
      irVersion: IR_VERSION,
      opsetImport,
      producerName: 'genrewise',
      producerVersion: '1',
      docString,
      graph: {
        name: this.graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: inputs.map(valueInfo),
        output: outputs.map(valueInfo),
      },
      metadataProps: Object.entries(metadata).map(([key, value]) => ({ key, value })),
    };
    return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
  }
}
