/**
 * Frame-by-frame products with a small dense filter bank in WebAssembly SIMD: out[t][c] =
 * Σ_k weights[k][c] · input[t][k], k ascending — the chroma filter bank on the power spectrogram
 * (12 outputs over 1025 bins) and the DCT on the dB mel spectrogram (20 over 128).
 *
 * Two outputs share an f64x2 accumulator, and each lane adds weight·input in the order the scalar
 * loops in chroma.ts and mfcc.ts do, so the results are bit-identical to them (tested); there are
 * just half as many multiply-adds to issue and no bounds checks.
 */
import { encodeModule, FunctionBuilder, Op, Simd, ValType } from './encoder.js';
import { wasm, type WasmModule } from './runtime.js';
import { workspace } from './workspace.js';

/** Outputs the kernel is generated for: even counts whose accumulators fit in registers. */
export const MAX_BANK_OUTPUTS = 24;

const modules = new Map<string, WasmModule>();

type BankFn = (input: number, weights: number, out: number, nIn: number, nFrames: number) => void;

function bankModule(nOut: number, float32Input: boolean): WasmModule {
  const key = `${nOut}/${float32Input}`;
  const hit = modules.get(key);
  if (hit) return hit;
  const { I32, V128 } = ValType;
  const f = new FunctionBuilder([I32, I32, I32, I32, I32]);
  const [input, weights, out, nIn, nFrames] = [0, 1, 2, 3, 4];
  const t = f.local(I32), k = f.local(I32), inAt = f.local(I32), w = f.local(I32), outAt = f.local(I32);
  const x = f.local(V128);
  const acc = Array.from({ length: nOut / 2 }, () => f.local(V128));
  const zero = new Uint8Array(16);
  const loop = (counter: number, pushLimit: () => void, body: () => void): void => {
    f.i32(0).set(counter);
    f.scope(Op.block, () => {
      f.scope(Op.loop, () => {
        f.get(counter);
        pushLimit();
        f.emit(Op.i32GeS, Op.brIf, 1);
        body();
        f.get(counter).i32(1).emit(Op.i32Add).set(counter);
        f.emit(Op.br, 0);
      });
    });
  };
  f.get(input).set(inAt);
  f.get(out).set(outAt);
  loop(t, () => f.get(nFrames), () => {
    for (const a of acc) f.simd(Simd.v128Const, ...zero).set(a);
    f.get(weights).set(w);
    loop(k, () => f.get(nIn), () => {
      if (float32Input) f.get(inAt).mem(Op.f32Load, 2).emit(Op.f64PromoteF32);
      else f.get(inAt).mem(Op.f64Load, 3);
      f.simd(Simd.f64x2Splat).set(x);
      acc.forEach((a, j) => {
        f.get(a).get(w).simdMem(Simd.v128Load, 3, 16 * j).get(x).simd(Simd.f64x2Mul).simd(Simd.f64x2Add).set(a);
      });
      f.get(inAt).i32(float32Input ? 4 : 8).emit(Op.i32Add).set(inAt);
      f.get(w).i32(8 * nOut).emit(Op.i32Add).set(w);
    });
    acc.forEach((a, j) => {
      f.get(outAt).get(a).simdMem(Simd.v128Store, 3, 16 * j);
    });
    f.get(outAt).i32(8 * nOut).emit(Op.i32Add).set(outAt);
  });
  const module = new (wasm().Module)(encodeModule([{ name: 'bank', fn: f }], 1));
  modules.set(key, module);
  return module;
}

/**
 * out (frame-major, nFrames × nOut) = input (frame-major, nFrames × nIn) times a bin-major bank
 * (weights[k·nOut + c]). nOut must be even and at most MAX_BANK_OUTPUTS.
 */
export function wasmBankProduct(input: Float32Array | Float64Array, nIn: number, nFrames: number, weights: Float64Array, nOut: number): Float64Array {
  if (nOut < 2 || nOut % 2 !== 0 || nOut > MAX_BANK_OUTPUTS) throw new RangeError(`the bank kernel needs an even number of outputs ≤ ${MAX_BANK_OUTPUTS}, got ${nOut}`);
  if (input.length !== nIn * nFrames) throw new RangeError('input size does not match nIn × nFrames');
  if (weights.length !== nIn * nOut) throw new RangeError('weights size does not match nIn × nOut');
  const float32 = input instanceof Float32Array;
  const weightsAt = 0;
  const outAt = weightsAt + 8 * weights.length;
  const inputAt = outAt + 8 * nFrames * nOut;
  const ws = workspace(inputAt + input.byteLength);
  const run = ws.exports(bankModule(nOut, float32)).bank as BankFn;
  const buffer = ws.memory.buffer;
  new Float64Array(buffer, weightsAt, weights.length).set(weights);
  if (float32) new Float32Array(buffer, inputAt, input.length).set(input);
  else new Float64Array(buffer, inputAt, input.length).set(input);
  run(inputAt, weightsAt, outAt, nIn, nFrames);
  return new Float64Array(buffer, outAt, nFrames * nOut).slice();
}
