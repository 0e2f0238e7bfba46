import { describe, expect, it } from 'vitest';
import { extraBytes, ScratchPool } from '../../core/library/scratch-buffers.js';

describe('extraBytes', () => {
  it('gives the length asked for and reuses the pair’s buffer for the next file', () => {
    const pair = new ScratchPool(16, 16).take();
    const first = extraBytes(pair, 300_000);
    expect(first.length).toBe(300_000);
    const second = extraBytes(pair, 100_000);
    expect(second.length).toBe(100_000);
    expect(second.buffer).toBe(first.buffer);
  });

  it('grows for a larger request and does not keep a buffer over 4 MiB', () => {
    const pair = new ScratchPool(16, 16).take();
    const small = extraBytes(pair, 1000);
    const larger = extraBytes(pair, 1_000_000);
    expect(larger.buffer).not.toBe(small.buffer);
    expect(extraBytes(pair, 10).buffer).toBe(larger.buffer);
    const huge = extraBytes(pair, 5 * 1024 * 1024);
    expect(huge.length).toBe(5 * 1024 * 1024);
    expect(extraBytes(pair, 10).buffer).toBe(larger.buffer);
  });
});
