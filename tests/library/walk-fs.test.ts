import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdaptiveWalkFs } from '../../core/library/walk-fs.js';

/**
 * Counts event-loop iterations: a setImmediate chain advances once per turn the loop gets,
 * however fast the machine. (A 1 ms interval timer did not: 80 quick stat calls can finish
 * within a millisecond, so its count depended on the machine's speed and load.)
 */
function countLoopTurns(): { stop(): number } {
  let turns = 0;
  let running = true;
  const tick = (): void => {
    if (!running) return;
    turns++;
    setImmediate(tick);
  };
  setImmediate(tick);
  return {
    stop() {
      running = false;
      return turns;
    },
  };
}

describe('AdaptiveWalkFs', () => {
  let dir: string;
  const names = Array.from({ length: 40 }, (_, i) => `f${String(i).padStart(2, '0')}.mp3`);

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gw-walk-fs-'));
    mkdirSync(join(dir, 'sub'));
    names.forEach((name, i) => writeFileSync(join(dir, name), Buffer.alloc(i)));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('stats and lists synchronously while calls are quick, with the answers of the plain calls', async () => {
    const fs = new AdaptiveWalkFs(4);
    const listed = (await fs.readdir(dir)).map((e) => e.name.toString()).sort();
    expect(listed).toEqual(readdirSync(dir).sort());
    for (const name of names) expect((await fs.stat(join(dir, name))).size).toBe(statSync(join(dir, name)).size);
    expect(fs.mode).toBe('sync');
    await expect(fs.stat(join(dir, 'missing.mp3'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('turns asynchronous when calls are slow (a cold or network disk), still answering the same', async () => {
    const clock = { t: 0 };
    // Every reading of the clock is 3 ms later: each call looks like a disk seek.
    const fs = new AdaptiveWalkFs(4, () => (clock.t += 3));
    let calls = 0;
    while (fs.mode === 'sync') {
      await fs.stat(join(dir, names[calls % names.length] as string));
      calls++;
    }
    expect(calls).toBeLessThanOrEqual(5);
    const sizes = await Promise.all(names.map((name) => fs.stat(join(dir, name)).then((s) => s.size)));
    expect(sizes).toEqual(names.map((_, i) => i));
    expect(fs.mode).toBe('async');
  });

  it('gives the event loop a turn between slices of synchronous calls', async () => {
    const clock = { t: 0 };
    // Quick calls (0.1 ms each as the clock sees them), so the mode stays synchronous.
    const fs = new AdaptiveWalkFs(4, () => (clock.t += 0.05));
    const turns = countLoopTurns();
    for (let round = 0; round < 20; round++) for (const name of names) await fs.stat(join(dir, name));
    const loopTurns = turns.stop();
    expect(fs.mode).toBe('sync');
    // 800 calls at 0.1 ms are 80 ms of clock: about ten 8-ms slices, each followed by a turn.
    expect(loopTurns).toBeGreaterThanOrEqual(3);
  });

  it("stats a folder's files in one call, in order, each error in its file's place", async () => {
    const fs = new AdaptiveWalkFs(4);
    const paths = [...names.slice(0, 3), 'missing.mp3', ...names.slice(3)].map((name) => join(dir, name));
    const stats = await fs.statEach(paths);
    expect(stats).toHaveLength(paths.length);
    expect(stats[3]).toMatchObject({ code: 'ENOENT' });
    expect(stats.filter((s, i) => i !== 3).map((s) => (s as { size: number }).size)).toEqual(names.map((_, i) => i));
    expect(fs.mode).toBe('sync');
  });

  it('finishes a folder asynchronously once its calls turn slow, with the same answers in order', async () => {
    const clock = { t: 0 };
    const fs = new AdaptiveWalkFs(4, () => (clock.t += 3));
    const paths = [...names, 'missing.mp3'].map((name) => join(dir, name));
    const stats = await fs.statEach(paths);
    expect(fs.mode).toBe('async');
    expect(stats.slice(0, names.length).map((s) => (s as { size: number }).size)).toEqual(names.map((_, i) => i));
    expect(stats[names.length]).toMatchObject({ code: 'ENOENT' });
  });

  it('gives the event loop a turn within a long folder', async () => {
    const clock = { t: 0 };
    const fs = new AdaptiveWalkFs(4, () => (clock.t += 0.05));
    const turns = countLoopTurns();
    const paths = Array.from({ length: 20 }, () => names.map((name) => join(dir, name))).flat();
    expect(await fs.statEach(paths)).toHaveLength(800);
    const loopTurns = turns.stop();
    expect(fs.mode).toBe('sync');
    expect(loopTurns).toBeGreaterThanOrEqual(3);
  });
});
