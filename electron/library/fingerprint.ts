import { createHash } from 'node:crypto';

/** How much of each end of a file the fingerprint covers. */
export const FINGERPRINT_SPAN = 16 * 1024;

/**
 * A cheap identity for a file's content: SHA-1 of its size and its first and last 16 KiB (tags
 * and the first and last audio frames; hashing more costs time on every new file for no gain).
 * Together with size and mtime it tells a moved or renamed file from a different file without
 * reading the audio in between. Takes the bytes the tag reader already holds: `head` starts at offset 0 and
 * `tail` ends at `size`; between them they must cover both spans.
 */
export function contentFingerprint(size: number, head: Uint8Array, tail: Uint8Array): string {
  const hash = createHash('sha1');
  const sizeBytes = Buffer.alloc(8);
  sizeBytes.writeBigUInt64LE(BigInt(size));
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
