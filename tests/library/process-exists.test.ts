import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { leftByGoneProcess, ownerPid, processExists } from '../../core/library/process-exists.js';

describe('processExists', () => {
  it('knows this process and init, and not a child that has exited', () => {
    expect(processExists(process.pid)).toBe(true);
    expect(processExists(1)).toBe(true);
    const child = spawnSync(process.execPath, ['-e', '0']);
    expect(child.pid).toBeGreaterThan(0);
    expect(processExists(child.pid as number)).toBe(false);
  });
});

describe('ownerPid', () => {
  it('reads the pid that follows the prefix', () => {
    expect(ownerPid('genrewise-ffmpeg-4242-AbC123', 'genrewise-ffmpeg-')).toBe(4242);
    expect(ownerPid('.gw-playlist-17-x.m3u8.tmp', '.gw-playlist-')).toBe(17);
  });

  it('has none for another prefix, no pid, or a pid without its dash', () => {
    expect(ownerPid('other-4242-x', 'genrewise-ffmpeg-')).toBeUndefined();
    expect(ownerPid('genrewise-ffmpeg-abc-1', 'genrewise-ffmpeg-')).toBeUndefined();
    expect(ownerPid('genrewise-ffmpeg-4242', 'genrewise-ffmpeg-')).toBeUndefined();
    expect(ownerPid('genrewise-ffmpeg-0-x', 'genrewise-ffmpeg-')).toBeUndefined();
  });
});

describe('leftByGoneProcess', () => {
  const gone = spawnSync(process.execPath, ['-e', '0']).pid as number;

  it('is true for a name of a process that has exited, false for this one and a running one', () => {
    expect(leftByGoneProcess(`p-${gone}-x`, 'p-', false)).toBe(true);
    expect(leftByGoneProcess(`p-${process.pid}-x`, 'p-', false)).toBe(false);
    expect(leftByGoneProcess('p-1-x', 'p-', false)).toBe(false);
  });

  it('ignores other prefixes, and takes a name without a pid as its caller says', () => {
    expect(leftByGoneProcess(`q-${gone}-x`, 'p-', true)).toBe(false);
    expect(leftByGoneProcess('p-old.tmp', 'p-', true)).toBe(true);
    expect(leftByGoneProcess('p-old.tmp', 'p-', false)).toBe(false);
  });
});
