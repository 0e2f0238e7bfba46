import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { processExists } from '../../core/library/process-exists.js';

describe('processExists', () => {
  it('knows this process and init, and not a child that has exited', () => {
    expect(processExists(process.pid)).toBe(true);
    expect(processExists(1)).toBe(true);
    const child = spawnSync(process.execPath, ['-e', '0']);
    expect(child.pid).toBeGreaterThan(0);
    expect(processExists(child.pid as number)).toBe(false);
  });
});
