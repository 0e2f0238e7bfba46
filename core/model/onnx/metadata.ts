import { METADATA_FEATURES, METADATA_KIND, METADATA_LABELS } from './names.js';
import { WireFormatError, WireType, wireFields, wireString } from './wire-reader.js';

/** onnx.proto: ModelProto.metadata_props, a repeated StringStringEntryProto { key = 1; value = 2 }. */
const MODEL_METADATA_PROPS = 14;
const ENTRY_KEY = 1;
const ENTRY_VALUE = 2;
/** ModelProto.graph; GraphProto.input and .output, repeated ValueInfoProto { name = 1; … }. */
const MODEL_GRAPH = 7;
const GRAPH_INPUT = 11;
const GRAPH_OUTPUT = 12;
const VALUE_INFO_NAME = 1;

/** What an exported genre model says about itself (ModelProto.metadata_props). */
export interface OnnxModelHead {
  readonly kind: string;
  readonly labels: readonly string[];
  readonly featureNames: readonly string[];
}

export class OnnxMetadataError extends Error {
  override name = 'OnnxMetadataError';
}

function stringArray(value: unknown, key: string): string[] {
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) {
    throw new OnnxMetadataError(`metadata ${key} is not a list of strings`);
  }
  return value;
}

/** Reads the genrewise metadata of an ONNX model; throws OnnxMetadataError if it is not one of ours. */
export function readOnnxModelHead(bytes: Uint8Array): OnnxModelHead {
  let props: Map<string, string>;
  try {
    props = metadataProps(bytes);
  } catch (err) {
    if (!(err instanceof WireFormatError)) throw err;
    throw new OnnxMetadataError(`not an ONNX model: ${err.message}`);
  }
  const get = (key: string): string => {
    const value = props.get(key);
    if (value === undefined)
      throw new OnnxMetadataError(`ONNX model has no "${key}" metadata: not exported by genrewise`);
    return value;
  };
  const parse = (key: string): unknown => {
    try {
      return JSON.parse(get(key));
    } catch (err) {
      if (err instanceof OnnxMetadataError) throw err;
      throw new OnnxMetadataError(`metadata ${key} is not JSON`);
    }
  };
  return {
    kind: get(METADATA_KIND),
    labels: stringArray(parse(METADATA_LABELS), METADATA_LABELS),
    featureNames: stringArray(parse(METADATA_FEATURES), METADATA_FEATURES),
  };
}

/**
 * ModelProto.metadata_props as a map (a repeated key keeps its last value, as a decoded map would),
 * read from the wire without decoding the graph.
 */
function metadataProps(bytes: Uint8Array): Map<string, string> {
  const props = new Map<string, string>();
  for (const prop of wireFields(bytes)) {
    if (prop.field !== MODEL_METADATA_PROPS) continue;
    if (prop.wireType !== WireType.lengthDelimited) throw new WireFormatError('metadata_props is not a message');
    let key = '';
    let value = '';
    for (const f of wireFields(bytes, prop.start, prop.end)) {
      if (f.field === ENTRY_KEY) key = wireString(bytes, f);
      else if (f.field === ENTRY_VALUE) value = wireString(bytes, f);
    }
    props.set(key, value);
  }
  return props;
}

/** The names of a model's graph inputs and outputs, as onnxruntime's session would list them. */
export interface OnnxGraphIo {
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
}

/**
 * Reads the graph's input and output names off the wire: the graph's top-level fields are
 * stepped over by their lengths, so its nodes and initializers (the support vectors) are never
 * decoded. Lets a process check a model's interface without loading onnxruntime.
 */
export function readOnnxGraphIo(bytes: Uint8Array): OnnxGraphIo {
  try {
    const graphs = wireFields(bytes).filter((f) => f.field === MODEL_GRAPH);
    const graph = graphs.at(-1);
    if (!graph) throw new OnnxMetadataError('ONNX model has no graph');
    if (graph.wireType !== WireType.lengthDelimited) throw new WireFormatError('graph is not a message');
    const inputs: string[] = [];
    const outputs: string[] = [];
    for (const f of wireFields(bytes, graph.start, graph.end)) {
      if (f.field !== GRAPH_INPUT && f.field !== GRAPH_OUTPUT) continue;
      if (f.wireType !== WireType.lengthDelimited)
        throw new WireFormatError('a graph input or output is not a message');
      let name = '';
      for (const v of wireFields(bytes, f.start, f.end)) if (v.field === VALUE_INFO_NAME) name = wireString(bytes, v);
      (f.field === GRAPH_INPUT ? inputs : outputs).push(name);
    }
    return { inputs, outputs };
  } catch (err) {
    if (!(err instanceof WireFormatError)) throw err;
    throw new OnnxMetadataError(`not an ONNX model: ${err.message}`);
  }
}
