import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { oggDuration } from '../../core/library/ogg-duration.js';
import { LIBRARY_FIXTURES } from './fixture-manifest.js';

const vorbis = readFileSync(join(LIBRARY_FIXTURES, 'ogg/vorbis-semicolon.ogg'));
const opus = readFileSync(join(LIBRARY_FIXTURES, 'opus/tagged.opus'));

describe('oggDuration', () => {
  it('reads the 4 s fixtures from the last page alone', () => {
    // Vorbis: granule / sample rate. Opus: (granule − pre-skip) / 48 kHz. 8 KiB holds the last page.
    expect(oggDuration(vorbis, vorbis.subarray(vorbis.length - 8192), 'Vorbis I', 22050)).toBeCloseTo(4, 3);
    expect(oggDuration(opus, opus.subarray(opus.length - 8192), 'Opus', 48000)).toBeCloseTo(4, 3);
  });

  it('skips pages of other streams and pages where no packet ends', () => {
    const lastPage = vorbis.lastIndexOf('OggS');
    const tail = Buffer.from(vorbis.subarray(lastPage - 4096));
    const last = tail.lastIndexOf('OggS');
    const expected = oggDuration(vorbis, tail, 'Vorbis I', 22050) ?? 0;
    const noPacketEnds = Buffer.from(tail);
    noPacketEnds.fill(0xff, last + 6, last + 14);
    const earlier = oggDuration(vorbis, noPacketEnds, 'Vorbis I', 22050) ?? Infinity;
    expect(earlier).toBeLessThan(expected);
    const otherStream = Buffer.from(tail);
    otherStream.writeUInt32LE((otherStream.readUInt32LE(last + 14) + 1) >>> 0, last + 14);
    expect(oggDuration(vorbis, otherStream, 'Vorbis I', 22050)).toBe(earlier);
  });

  it('gives up rather than guess', () => {
    expect(oggDuration(Buffer.from('not an ogg file at all, just text'), vorbis, 'Vorbis I', 22050)).toBeUndefined();
    expect(oggDuration(vorbis, Buffer.alloc(5000), 'Vorbis I', 22050)).toBeUndefined();
    expect(oggDuration(vorbis, vorbis, 'Vorbis I', undefined)).toBeUndefined();
  });
});
