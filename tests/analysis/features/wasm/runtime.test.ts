import { describe, expect, it, vi } from 'vitest';
import { encodeModule, FunctionBuilder, Op, ValType } from '../../../../core/analysis/features/wasm/encoder.js';
import {
  growMemory,
  kernelModule,
  kernelsBuiltHere,
  MAX_WASM_MEMORY_BYTES,
  newMemory,
  wasm,
  WasmMemoryLimitError,
  withScalarFallback,
  type WasmModule,
} from '../../../../core/analysis/features/wasm/runtime.js';

describe('WebAssembly memory limits', () => {
  it('allocates and grows memories in whole pages up to the limit, and refuses beyond it', () => {
    const memory = newMemory(100_000);
    expect(memory.buffer.byteLength).toBe(2 * 65536);
    growMemory(memory, 300_000);
    expect(memory.buffer.byteLength).toBe(5 * 65536);
    growMemory(memory, 10); // never shrinks
    expect(memory.buffer.byteLength).toBe(5 * 65536);
    expect(() => newMemory(MAX_WASM_MEMORY_BYTES + 1)).toThrow(WasmMemoryLimitError);
    expect(() => growMemory(memory, MAX_WASM_MEMORY_BYTES + 1)).toThrow(WasmMemoryLimitError);
  });

  it('falls back to the scalar path only for jobs too large for a memory', () => {
    expect(
      withScalarFallback(
        () => 'fast',
        () => 'scalar',
      ),
    ).toBe('fast');
    expect(
      withScalarFallback(
        () => newMemory(MAX_WASM_MEMORY_BYTES * 2) && 'fast',
        () => 'scalar',
      ),
    ).toBe('scalar');
    expect(() =>
      withScalarFallback(
        () => {
          throw new RangeError('a real bug');
        },
        () => 'scalar',
      ),
    ).toThrow('a real bug');
  });
});

describe('kernel modules', () => {
  // (func (export "f") (param i32) (result i32) local.get 0 i32.const 1 i32.add), memory imported.
  const addOne = (): Uint8Array<ArrayBuffer> => {
    const f = new FunctionBuilder([ValType.I32], [ValType.I32]);
    f.get(0).i32(1).emit(Op.i32Add);
    return encodeModule([{ name: 'f', fn: f }], 1);
  };
  const run = (module: WasmModule, x: number): number => {
    const api = wasm();
    const instance = new api.Instance(module, { env: { memory: new api.Memory({ initial: 1 }) } });
    return (instance.exports.f as (x: number) => number)(x);
  };

  it('builds each key once per process and records what it built', () => {
    let builds = 0;
    const build = (): Uint8Array<ArrayBuffer> => {
      builds++;
      return addOne();
    };
    const first = kernelModule('test/add-one', build);
    expect(kernelModule('test/add-one', build)).toBe(first);
    expect(builds).toBe(1);
    expect(run(first, 41)).toBe(42);
    expect(kernelsBuiltHere().get('test/add-one')).toEqual(addOne());
  });

  it('compiles the bytes a build step defined instead of building them', async () => {
    const global = globalThis as { __GENREWISE_PREBUILT_KERNELS__?: Record<string, string> };
    global.__GENREWISE_PREBUILT_KERNELS__ = { 'test/add-one': Buffer.from(addOne()).toString('base64') };
    try {
      vi.resetModules();
      const fresh = await import('../../../../core/analysis/features/wasm/runtime.js');
      const module = fresh.kernelModule('test/add-one', () => {
        throw new Error('built although prebuilt');
      });
      expect(run(module, 1)).toBe(2);
      expect(fresh.kernelsBuiltHere().size).toBe(0);
    } finally {
      delete global.__GENREWISE_PREBUILT_KERNELS__;
    }
  });
});
