/**
 * The slice of the WebAssembly JavaScript API the kernels use, typed locally: the Node build
 * compiles against lib ES2023 without DOM, whose types are where TypeScript declares the
 * WebAssembly namespace, and a global declaration here would clash with builds that include DOM.
 */
import { encodeModule, FunctionBuilder, Simd, ValType } from './encoder.js';

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

/**
 * The kernels' module bytes, base64 by kernel key, as the build computed them: the Node bundles
 * (scripts/bundle-node.js) define this name, so a worker compiles the bytes it is given instead
 * of running the builders, which V8 also optimised although they never ran again: a fresh
 * worker's start and first track took ~20 ms less CPU (median 465 → 445 ms, eight runs of each
 * bundle alternated). Undefined elsewhere (the TypeScript sources, tsc's dist), where the
 * builders run on first use as before.
 */
declare const __GENREWISE_PREBUILT_KERNELS__: Readonly<Record<string, string>> | undefined;

const prebuilt: Readonly<Record<string, string>> =
  typeof __GENREWISE_PREBUILT_KERNELS__ === 'undefined' ? {} : __GENREWISE_PREBUILT_KERNELS__;

/**
 * GENREWISE_STRICT_KERNELS=1: a build with prebuilt kernels refuses to build a missing one, so that
 * a kernel added to a window's path without being prebuilt shows (the bundles test sets it).
 */
const STRICT = typeof process !== 'undefined' && process.env.GENREWISE_STRICT_KERNELS === '1';

const modules = new Map<string, WasmModule>();
const builtHere = new Map<string, Uint8Array<ArrayBuffer>>();

/**
 * The compiled module of the kernel `key` (a name plus every parameter its bytes depend on), once
 * per process: from the prebuilt bytes when this build has them, else from `build()`.
 */
export function kernelModule(key: string, build: () => Uint8Array<ArrayBuffer>): WasmModule {
  let module = modules.get(key);
  if (!module) {
    const stored = prebuilt[key];
    let bytes: Uint8Array<ArrayBuffer>;
    if (stored === undefined) {
      if (STRICT && Object.keys(prebuilt).length > 0)
        throw new Error(`kernel ${key} is not among the prebuilt ones (core/analysis/window-kernels.ts runs them)`);
      bytes = build();
      builtHere.set(key, bytes);
    } else bytes = base64Bytes(stored);
    module = new (wasm().Module)(bytes);
    modules.set(key, module);
  }
  return module;
}

/** The kernels this process built itself, by key: what a build step stores for the next. */
export function kernelsBuiltHere(): ReadonlyMap<string, Uint8Array<ArrayBuffer>> {
  return builtHere;
}

/** Decoded natively (Buffer): a character loop here was one more function for V8 to optimise. */
function base64Bytes(text: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(text, 'base64'));
}

let simdSupport: boolean | undefined;

/**
 * Whether this runtime compiles WebAssembly SIMD (Node ≥ 16.4 and every Electron in use do); the
 * kernels' callers run their JavaScript code where it does not.
 */
export function wasmSimdAvailable(): boolean {
  if (simdSupport === undefined) {
    try {
      kernelModule('simd-probe', () => {
        const f = new FunctionBuilder([ValType.I32], [ValType.I32]);
        f.get(0).simd(Simd.i32x4Splat).simd(Simd.i32x4ExtractLane, 0);
        return encodeModule([{ name: 'f', fn: f }], 1);
      });
      simdSupport = true;
    } catch {
      simdSupport = false;
    }
  }
  return simdSupport;
}

/** The runtime's WebAssembly API; throws where there is none (the callers fall back to JavaScript). */
export function wasm(): WasmApi {
  if (!api) throw new Error('this JavaScript runtime has no WebAssembly');
  return api;
}

export const WASM_PAGE_BYTES = 65536;

/**
 * Largest memory a kernel asks for. A job beyond it (a whole multi-hour file analysed as one
 * window) runs the scalar code instead: a 32-bit WebAssembly memory tops out at 4 GB, and the
 * scalar path needs no single block that large.
 */
export const MAX_WASM_MEMORY_BYTES = 2 ** 31;

export class WasmMemoryLimitError extends Error {
  override readonly name = 'WasmMemoryLimitError';
}

/** A memory of at least `bytes`, or WasmMemoryLimitError above MAX_WASM_MEMORY_BYTES. */
export function newMemory(bytes: number): WasmMemory {
  checkMemoryLimit(bytes);
  return new (wasm().Memory)({ initial: Math.max(1, Math.ceil(bytes / WASM_PAGE_BYTES)) });
}

/** Grows `memory` to at least `bytes` (views taken before must be re-taken after). */
export function growMemory(memory: WasmMemory, bytes: number): void {
  checkMemoryLimit(bytes);
  const have = memory.buffer.byteLength;
  if (bytes > have) memory.grow(Math.ceil((bytes - have) / WASM_PAGE_BYTES));
}

function checkMemoryLimit(bytes: number): void {
  if (bytes > MAX_WASM_MEMORY_BYTES)
    throw new WasmMemoryLimitError(`${bytes} bytes exceed the ${MAX_WASM_MEMORY_BYTES}-byte WebAssembly memory limit`);
}

/** `fast()`, or `scalar()` when the job is too large for a WebAssembly memory. */
export function withScalarFallback<T>(fast: () => T, scalar: () => T): T {
  try {
    return fast();
  } catch (err) {
    if (err instanceof WasmMemoryLimitError) return scalar();
    throw err;
  }
}
