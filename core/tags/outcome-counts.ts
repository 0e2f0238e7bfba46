import type { WriteJobResult } from '../../shared/api/types.js';
import type { TagWriteErrorKind } from './errors.js';

/**
 * Failures Genrewise chose, to protect the file: it changed since the scan or while we wrote, it
 * is damaged, it is a format we do not write, or the check after writing did not match. Every
 * other failure (permissions, a busy or missing file, a full disk, a disk error) happened to us.
 */
const REFUSALS: ReadonlySet<string> = new Set<TagWriteErrorKind>([
  'changed-since-scan',
  'changed-during-write',
  'corrupt',
  'unsupported',
  'ownership',
  'verify-failed',
  'audio-changed',
]);

export function isRefusal(kind: string | undefined | null): boolean {
  return kind !== undefined && kind !== null && REFUSALS.has(kind);
}

export interface CountableOutcome {
  readonly status: string;
  readonly errorKind?: string | undefined;
}

/** A batch's outcomes counted the way the app reports them: written, skipped, failed, refused. */
export function countOutcomes(batch: number | null, outcomes: readonly CountableOutcome[]): WriteJobResult {
  let written = 0;
  let skipped = 0;
  let failed = 0;
  let refused = 0;
  for (const o of outcomes) {
    if (o.status === 'written') written++;
    else if (o.status === 'skipped') skipped++;
    else if (o.status === 'failed') {
      if (isRefusal(o.errorKind)) refused++;
      else failed++;
    }
  }
  return { batch, written, skipped, failed, refused };
}
