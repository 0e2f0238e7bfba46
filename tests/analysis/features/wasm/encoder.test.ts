import { describe, expect, it } from 'vitest';
import {
  encodeModule,
  FunctionBuilder,
  Op,
  Simd,
  sleb,
  uleb,
  ValType,
} from '../../../../core/analysis/features/wasm/encoder.js';

type Fn = (...args: number[]) => number;

function run(fn: FunctionBuilder, name = 'f'): Fn {
  const module = new WebAssembly.Module(encodeModule([{ name, fn }], 1));
  const memory = new WebAssembly.Memory({ initial: 1 });
  return new WebAssembly.Instance(module, { env: { memory } }).exports[name] as Fn;
}

describe('LEB128', () => {
  it('encodes unsigned values as the spec examples do', () => {
    expect(uleb(0)).toEqual([0]);
    expect(uleb(127)).toEqual([0x7f]);
    expect(uleb(128)).toEqual([0x80, 0x01]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(uleb(2 ** 32 - 1)).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
    expect(() => uleb(-1)).toThrow(RangeError);
  });

  it('encodes signed 32-bit values', () => {
    expect(sleb(0)).toEqual([0]);
    expect(sleb(-1)).toEqual([0x7f]);
    expect(sleb(63)).toEqual([0x3f]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(sleb(-(2 ** 31))).toEqual([0x80, 0x80, 0x80, 0x80, 0x78]);
    expect(() => sleb(2 ** 31)).toThrow(RangeError);
  });
});

describe('module encoding', () => {
  it('builds a module V8 compiles and runs: scalar arithmetic and a loop', () => {
    // sum of 0..n-1 times k
    const f = new FunctionBuilder([ValType.I32, ValType.I32], [ValType.I32]);
    const acc = f.local(ValType.I32);
    const i = f.local(ValType.I32);
    f.scope(Op.block, () => {
      f.scope(Op.loop, () => {
        f.get(i).get(0).emit(Op.i32GeS, Op.brIf, 1);
        f.get(acc).get(i).get(1).emit(Op.i32Mul, Op.i32Add).set(acc);
        f.get(i).i32(1).emit(Op.i32Add).set(i);
        f.emit(Op.br, 0);
      });
    });
    f.get(acc);
    expect(run(f)(10, -3)).toBe(-135);
  });

  it('builds for-range and while loops (signed bounds, steps, zero iterations)', () => {
    // Σ i for i = start; i < limit; i += 3, then halve while the total is above 10.
    const f = new FunctionBuilder([ValType.I32, ValType.I32], [ValType.I32]);
    const i = f.local(ValType.I32);
    const total = f.local(ValType.I32);
    f.forRange(
      i,
      () => f.get(0),
      () => f.get(1),
      () => f.get(total).get(i).emit(Op.i32Add).set(total),
      3,
    );
    f.whileLoop(
      () => f.get(total).i32(10).emit(Op.i32GtS),
      () => f.get(total).i32(1).emit(Op.i32ShrS).set(total),
    );
    f.get(total);
    const g = run(f);
    expect(g(0, 10)).toBe(9); // 0+3+6+9 = 18 → 9
    expect(g(-5, 0)).toBe(-7); // −5 + −2
    expect(g(4, 4)).toBe(0);
    expect(g(0, 40)).toBe(8); // 0 + 3 + … + 39 = 273 → 136 → 68 → 34 → 17 → 8
  });

  it('encodes SIMD constants, shuffles, min/max and lane extraction', () => {
    // lane `l` of min(max(splat(x), [1,5,9,13]), shuffle([1,5,9,13], [100,...]) lanes 1,2,3,4)
    const f = new FunctionBuilder([ValType.I32], [ValType.I32]);
    const v = f.local(ValType.V128);
    f.v128I32(1, 5, 9, 13).set(v);
    f.get(0).simd(Simd.i32x4Splat).get(v).simd(Simd.i32x4MaxS); // max(x, v)
    f.get(v).v128I32(100, 200, 300, 400).shuffle32(1, 2, 3, 4); // [5, 9, 13, 100]
    f.simd(Simd.i32x4MinS).simd(Simd.i32x4ExtractLane, 3);
    const g = run(f);
    expect(g(50)).toBe(50);
    expect(g(500)).toBe(100);
    expect(g(-7)).toBe(13);
  });

  it('imports its memory as env.memory, so JavaScript owns and grows it', () => {
    const f = new FunctionBuilder([ValType.I32, ValType.I32]);
    f.get(0).get(1).mem(Op.i32Store, 2);
    const module = new WebAssembly.Module(encodeModule([{ name: 'poke', fn: f }], 1));
    const memory = new WebAssembly.Memory({ initial: 1 });
    const poke = new WebAssembly.Instance(module, { env: { memory } }).exports.poke as Fn;
    poke(8, 1234567);
    expect(new Int32Array(memory.buffer)[2]).toBe(1234567);
  });
});
