import { createHash } from 'node:crypto';

/** How much of each end of a file the fingerprint covers. */
export const FINGERPRINT_SPAN = 4 * 1024;

/**
 * A cheap identity for a file's content: SHA-1 of its size and its first and last 4 KiB. It
 * only has to tell apart files that already share size and modification time to the
 * millisecond, which in practice are copies of one file; hashing more would cost time on every
 * new file for nothing. Matching a moved or renamed file needs no read of the audio between. Takes the bytes the tag reader already holds: `head` starts at offset 0 and
 * `tail` ends at `size`; between them they must cover both spans.
 */
export function contentFingerprint(size: number, head: Uint8Array, tail: Uint8Array): string {
  const hash = createHash('sha1');
  // Size as two 32-bit words: BigInt conversion costs more than the rest of the hashing.
  const sizeBytes = Buffer.alloc(8);
  sizeBytes.writeUInt32LE(size % 0x1_0000_0000, 0);
  sizeBytes.writeUInt32LE(Math.floor(size / 0x1_0000_0000), 4);
  hash.update(sizeBytes);
  hash.update(head.subarray(0, Math.min(FINGERPRINT_SPAN, head.length)));
  const lastStart = Math.max(0, size - FINGERPRINT_SPAN);
  const tailStart = size - tail.length;
  if (lastStart < tailStart) {
    // Part (or all) of the last span lies in the head.
    hash.update(head.subarray(lastStart, Math.min(head.length, tailStart)));
    hash.update(tail);
  } else {
    hash.update(tail.subarray(lastStart - tailStart));
  }
  return hash.digest('base64url');
}
