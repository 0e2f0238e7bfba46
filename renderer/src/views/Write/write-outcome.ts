import type { JobProgress, WriteBatchInfo } from '../../../../shared/api/types';
import { formatCount, plural } from '../../lib/format';

export interface WriteOutcomeText {
  readonly tone: 'good' | 'warn' | 'bad' | 'info';
  readonly title: string;
  readonly text: string;
  /** Problems has files to show. */
  readonly problems: boolean;
}

/**
 * What the banner says once a write job ends: the job's own counts (written, failed, refused),
 * never "done" when a file failed, and, once the batch has been undone, that it was.
 */
export function writeOutcomeText(job: JobProgress, batches: readonly WriteBatchInfo[]): WriteOutcomeText {
  const r = job.result;
  const batch = r?.batch != null ? batches.find((b) => b.id === r.batch) : undefined;
  if (batch && batch.undoneBy !== null) {
    return {
      tone: 'info',
      title: `Batch #${batch.id} was undone`,
      text: `Its files have their earlier genres back (undo batch #${batch.undoneBy}).`,
      problems: false,
    };
  }
  if (job.state !== 'done') {
    const written = r ? ` ${plural(r.written, 'file')} had been written; undo them below if you like.` : '';
    return {
      tone: 'bad',
      title: `The write ${job.state}`,
      text: `${job.message ?? ''}${written}`.trim(),
      problems: job.errors > 0,
    };
  }
  const failed = r?.failed ?? job.errors;
  const refused = r?.refused ?? 0;
  const written = r?.written ?? job.done - failed - refused;
  if (failed === 0 && refused === 0) {
    return {
      tone: 'good',
      title: `Done: ${plural(written, 'file')} written`,
      text: 'Every file was checked after writing. You can undo this batch below.',
      problems: false,
    };
  }
  const parts = [`${plural(written, 'file')} written`];
  if (failed > 0) parts.push(`${formatCount(failed)} failed`);
  if (refused > 0) parts.push(`${formatCount(refused)} refused`);
  return {
    tone: 'warn',
    title: parts.join(', '),
    text:
      (failed > 0 ? 'Failed files could not be written (permissions, a busy or missing file, the disk). ' : '') +
      (refused > 0
        ? 'Refused files were left alone to protect them (changed since the scan, damaged, or a format Genrewise does not write). '
        : '') +
      'Those files are unchanged; Problems lists each with what to do.',
    problems: true,
  };
}
