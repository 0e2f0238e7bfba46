import onnxProto from 'onnx-proto';
import { METADATA_FEATURES, METADATA_KIND, METADATA_LABELS } from './classifier-graph.js';

const { onnx } = onnxProto;

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
  let model: ReturnType<typeof onnx.ModelProto.decode>;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (err) {
    throw new OnnxMetadataError(`not an ONNX model: ${(err as Error).message}`);
  }
  const props = new Map(model.metadataProps.map((p) => [p.key, p.value]));
  const get = (key: string): string => {
    const value = props.get(key);
    if (value === undefined || value === null)
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
