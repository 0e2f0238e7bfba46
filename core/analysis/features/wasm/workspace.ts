/**
 * One WebAssembly memory shared by the kernels that work on a whole spectrogram (the median
 * filters, the HPSS mask): each kernel module imports it as env.memory and is instantiated against
 * it once, so a spectrogram copied in is seen by all of them.
 *
 * Memory is kept between calls up to RETAINED_BYTES (a 30 s window needs ~28 MB for the HPSS
 * medians and mask); a larger call (a whole long file) gets a memory of its own, released with it,
 * because a WebAssembly memory never shrinks and would pin the worker's RSS at its largest call.
 */
import { growMemory, newMemory, wasm, type WasmMemory, type WasmModule } from './runtime.js';

export const RETAINED_BYTES = 64 * 2 ** 20;

export class Workspace {
  private readonly instances = new Map<WasmModule, Record<string, unknown>>();
  constructor(readonly memory: WasmMemory) {}

  /** The exports of `module` instantiated on this memory (cached). */
  exports(module: WasmModule): Record<string, unknown> {
    let exports = this.instances.get(module);
    if (!exports) {
      exports = new (wasm().Instance)(module, { env: { memory: this.memory } }).exports;
      this.instances.set(module, exports);
    }
    return exports;
  }

  /** Grows the memory to at least `bytes`; views taken before must be re-taken after. */
  reserve(bytes: number): void {
    growMemory(this.memory, bytes);
  }
}

let retained: Workspace | undefined;

/**
 * A workspace of at least `bytes`: the retained one, or a throwaway one for a large call;
 * WasmMemoryLimitError beyond MAX_WASM_MEMORY_BYTES.
 */
export function workspace(bytes: number): Workspace {
  if (bytes > RETAINED_BYTES) return new Workspace(newMemory(bytes));
  retained ??= new Workspace(newMemory(1));
  retained.reserve(bytes);
  return retained;
}
