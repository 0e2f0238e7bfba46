import { describe, expect, it } from 'vitest';
import {
  growMemory,
  MAX_WASM_MEMORY_BYTES,
  newMemory,
  WasmMemoryLimitError,
  withScalarFallback,
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
