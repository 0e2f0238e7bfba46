/**
 * The slice of the WebAssembly JavaScript API the kernels use, typed locally: the Node build
 * compiles against lib ES2023 without DOM, whose types are where TypeScript declares the
 * WebAssembly namespace, and a global declaration here would clash with builds that include DOM.
 */

export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

export type WasmModule = object;

export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

interface WasmApi {
  Module: new (bytes: Uint8Array<ArrayBuffer>) => WasmModule;
  Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => WasmInstance;
  Memory: new (descriptor: { initial: number; maximum?: number }) => WasmMemory;
}

const api = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

/** The runtime's WebAssembly API; throws where there is none (the callers fall back to JavaScript). */
export function wasm(): WasmApi {
  if (!api) throw new Error('this JavaScript runtime has no WebAssembly');
  return api;
}

export const WASM_PAGE_BYTES = 65536;
