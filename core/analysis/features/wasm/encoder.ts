/**
 * A minimal WebAssembly binary encoder: just enough to emit the few SIMD kernels of the feature
 * extractor from TypeScript at load time.
 *
 * Why generate bytes here instead of compiling .wat files with wabt or C with clang: the kernels
 * are fully unrolled over a window's vectors, which text formats cannot loop over (the .wat would
 * be hundreds of repeated lines, or itself generated); a generated module needs no build step, no
 * binary in git and no toolchain on the machine, and loads the same way from vitest's sources,
 * tsc's dist/ and the Electron bundle. The encoder is small because the kernels use one memory,
 * numeric locals and a handful of opcodes; everything else of the format is left out.
 */

/** Value type bytes. */
export const ValType = { I32: 0x7f, I64: 0x7e, F32: 0x7d, F64: 0x7c, V128: 0x7b } as const;
export type ValType = (typeof ValType)[keyof typeof ValType];

/** Unsigned LEB128. */
export function uleb(value: number): number[] {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`uleb128 needs a non-negative integer, got ${value}`);
  const out: number[] = [];
  let v = value;
  do {
    let byte = v & 0x7f;
    v = Math.floor(v / 128);
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer. */
export function sleb(value: number): number[] {
  if (!Number.isInteger(value) || value < -(2 ** 31) || value >= 2 ** 31)
    throw new RangeError(`sleb128 needs an int32, got ${value}`);
  const out: number[] = [];
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

/** Plain (non-SIMD) opcodes used by the kernels. */
export const Op = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  return: 0x0f,
  call: 0x10,
  select: 0x1b,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Load: 0x28,
  f32Load: 0x2a,
  f64Load: 0x2b,
  i32Store: 0x36,
  f32Store: 0x38,
  f64Store: 0x39,
  i32Const: 0x41,
  i32Eqz: 0x45,
  i32Eq: 0x46,
  i32Ne: 0x47,
  i32LtS: 0x48,
  i32LtU: 0x49,
  i32GtS: 0x4a,
  i32LeS: 0x4c,
  i32GeS: 0x4e,
  i32GeU: 0x4f,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
  i32DivU: 0x6e,
  i32And: 0x71,
  i32Or: 0x72,
  i32Xor: 0x73,
  i32Shl: 0x74,
  i32ShrS: 0x75,
  i32ShrU: 0x76,
  f32Lt: 0x5d,
  f32Gt: 0x5e,
  f32Ge: 0x60,
  f64Lt: 0x63,
  f64Gt: 0x64,
  f64Ge: 0x66,
  f32Abs: 0x8b,
  f32Add: 0x92,
  f32Sub: 0x93,
  f32Mul: 0x94,
  f32Div: 0x95,
  f64Abs: 0x99,
  f64Neg: 0x9a,
  f64Sqrt: 0x9f,
  f64Add: 0xa0,
  f64Sub: 0xa1,
  f64Mul: 0xa2,
  f64Div: 0xa3,
  f32DemoteF64: 0xb6,
  f64ConvertI32S: 0xb7,
  f64PromoteF32: 0xbb,
} as const;

/** SIMD opcodes (after the 0xfd prefix), as numbered in the final SIMD proposal / Wasm 2.0. */
export const Simd = {
  v128Load: 0x00,
  v128Store: 0x0b,
  v128Const: 0x0c,
  i8x16Shuffle: 0x0d,
  i32x4Splat: 0x11,
  f32x4Splat: 0x13,
  f64x2Splat: 0x14,
  i32x4ExtractLane: 0x1b,
  f32x4ExtractLane: 0x1f,
  f64x2ExtractLane: 0x21,
  i32x4Eq: 0x37,
  i32x4LtS: 0x39,
  i32x4GtS: 0x3b,
  i32x4GeS: 0x3f,
  f32x4Lt: 0x43,
  f32x4Gt: 0x44,
  f32x4Le: 0x45,
  f64x2Gt: 0x4a,
  f64x2Ge: 0x4c,
  v128And: 0x4e,
  v128AndNot: 0x4f,
  v128Or: 0x50,
  v128Xor: 0x51,
  v128Bitselect: 0x52,
  i32x4ShrS: 0xac,
  i32x4ShrU: 0xad,
  i32x4Add: 0xae,
  i32x4Sub: 0xb1,
  i32x4MinS: 0xb6,
  i32x4MaxS: 0xb8,
  f64x2Add: 0xf0,
  f64x2Sub: 0xf1,
  f64x2Mul: 0xf2,
  f64x2Div: 0xf3,
  f64x2Max: 0xf5,
  f64x2Pmax: 0xf7,
  f64x2Eq: 0x47,
  f64x2Lt: 0x49,
  f64x2ConvertLowI32x4S: 0xfe,
  f64x2PromoteLowF32x4: 0x5f,
  f32x4DemoteF64x2Zero: 0x5e,
  f32x4Abs: 0xe0,
  f32x4Mul: 0xe6,
  f32x4Pmax: 0xeb,
  f64x2Sqrt: 0xef,
  v128Load64Zero: 0x5d,
  v128Load32Lane: 0x56,
  v128Store32Lane: 0x5a,
  v128Load32Zero: 0x5c,
} as const;

/** Builds one function body: locals are declared up front, then instructions are appended. */
export class FunctionBuilder {
  private readonly code: number[] = [];
  private readonly localTypes: ValType[] = [];

  constructor(
    readonly params: readonly ValType[],
    readonly results: readonly ValType[] = [],
  ) {}

  /** Declares a local and returns its index (parameters come first). */
  local(type: ValType): number {
    this.localTypes.push(type);
    return this.params.length + this.localTypes.length - 1;
  }

  /** Appends raw bytes (an opcode and its immediates). */
  emit(...bytes: number[]): this {
    for (const b of bytes) this.code.push(b);
    return this;
  }

  get(index: number): this {
    return this.emit(Op.localGet, ...uleb(index));
  }

  set(index: number): this {
    return this.emit(Op.localSet, ...uleb(index));
  }

  tee(index: number): this {
    return this.emit(Op.localTee, ...uleb(index));
  }

  i32(value: number): this {
    return this.emit(Op.i32Const, ...sleb(value));
  }

  f64(value: number): this {
    return this.emit(0x44, ...new Uint8Array(new Float64Array([value]).buffer));
  }

  f32(value: number): this {
    return this.emit(0x43, ...new Uint8Array(new Float32Array([value]).buffer));
  }

  /** A memory access: alignment as log2 bytes, constant byte offset. */
  mem(op: number, alignLog2: number, offset = 0): this {
    return this.emit(op, ...uleb(alignLog2), ...uleb(offset));
  }

  simd(op: number, ...immediates: number[]): this {
    return this.emit(0xfd, ...uleb(op), ...immediates);
  }

  simdMem(op: number, alignLog2: number, offset = 0): this {
    return this.simd(op, ...uleb(alignLog2), ...uleb(offset));
  }

  /** v128.const from four int32 lanes. */
  v128I32(a: number, b: number, c: number, d: number): this {
    const bytes = new Uint8Array(new Int32Array([a, b, c, d]).buffer);
    return this.simd(Simd.v128Const, ...bytes);
  }

  /** i8x16.shuffle taking 32-bit lanes: lane indices 0..3 from the first operand, 4..7 from the second. */
  shuffle32(l0: number, l1: number, l2: number, l3: number): this {
    const bytes: number[] = [];
    for (const lane of [l0, l1, l2, l3]) for (let b = 0; b < 4; b++) bytes.push(lane * 4 + b);
    return this.simd(Simd.i8x16Shuffle, ...bytes);
  }

  /** i8x16.shuffle taking 64-bit lanes: 0..1 from the first operand, 2..3 from the second. */
  shuffle64(l0: number, l1: number): this {
    const bytes: number[] = [];
    for (const lane of [l0, l1]) for (let b = 0; b < 8; b++) bytes.push(lane * 8 + b);
    return this.simd(Simd.i8x16Shuffle, ...bytes);
  }

  /** Structured control: `block`/`loop`/`if` with no result, closed by the callback's `end`. */
  scope(op: typeof Op.block | typeof Op.loop | typeof Op.if, body: () => void): this {
    this.emit(op, 0x40);
    body();
    return this.emit(Op.end);
  }

  /** while (condition ≠ 0) { body }: `pushCondition` leaves an i32 on the stack. */
  whileLoop(pushCondition: () => void, body: () => void): this {
    return this.scope(Op.block, () => {
      this.scope(Op.loop, () => {
        pushCondition();
        this.emit(Op.i32Eqz, Op.brIf, 1);
        body();
        this.emit(Op.br, 0);
      });
    });
  }

  /** for (counter = start; counter < limit; counter += step) { body }, signed i32 comparison. */
  forRange(counter: number, start: number | (() => void), pushLimit: () => void, body: () => void, step = 1): this {
    if (typeof start === 'number') this.i32(start);
    else start();
    this.set(counter);
    return this.whileLoop(
      () => {
        this.get(counter);
        pushLimit();
        this.emit(Op.i32LtS);
      },
      () => {
        body();
        this.get(counter).i32(step).emit(Op.i32Add).set(counter);
      },
    );
  }

  /** The encoded body (local declarations, code, final `end`). */
  encode(): number[] {
    const groups: Array<[number, ValType]> = [];
    for (const t of this.localTypes) {
      const last = groups[groups.length - 1];
      if (last && last[1] === t) last[0]++;
      else groups.push([1, t]);
    }
    const body = [...uleb(groups.length)];
    for (const [count, type] of groups) body.push(...uleb(count), type);
    body.push(...this.code, Op.end);
    return [...uleb(body.length), ...body];
  }
}

export interface ExportedFunction {
  readonly name: string;
  readonly fn: FunctionBuilder;
}

function section(id: number, payload: number[]): number[] {
  return [id, ...uleb(payload.length), ...payload];
}

function vector(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function name(s: string): number[] {
  const bytes = [...new TextEncoder().encode(s)];
  return [...uleb(bytes.length), ...bytes];
}

/**
 * A module with one memory imported as env.memory (so JavaScript owns it and can grow it) and the
 * given functions exported by name.
 */
export function encodeModule(functions: readonly ExportedFunction[], minMemoryPages: number): Uint8Array<ArrayBuffer> {
  const types = functions.map(({ fn }) => [
    0x60,
    ...uleb(fn.params.length),
    ...fn.params,
    ...uleb(fn.results.length),
    ...fn.results,
  ]);
  const memoryImport = [...name('env'), ...name('memory'), 0x02, 0x00, ...uleb(minMemoryPages)];
  const bytes = [
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vector(types)),
    ...section(2, vector([memoryImport])),
    ...section(3, vector(functions.map((_, i) => uleb(i)))),
    ...section(7, vector(functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]))),
    ...section(10, vector(functions.map(({ fn }) => fn.encode()))),
  ];
  return new Uint8Array(bytes);
}
