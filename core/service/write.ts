import type { TagWriteOptions, WriteBatchInfo } from '../../shared/api/types.js';
import type { Database } from '../library/db.js';
import { undoBatch, writeBatch } from '../tags/batch.js';
import { listBatches } from '../tags/journal.js';
import { countOutcomes } from '../tags/outcome-counts.js';
import { planTagWrites, selectTagWrites } from '../tags/selection.js';
import type { ServiceContext } from './context.js';
import type { ApiHandlers } from './types.js';

/** The write area: genres into the files (planned, written, undone) and the batch history. */

function startWrite(ctx: ServiceContext, params: TagWriteOptions) {
  const { db } = ctx;
  return ctx.jobs.start('write', async (job) => {
    const { items } = selectTagWrites(db, params);
    let failures = 0;
    const result = await writeBatch(db, items, {
      mode: params.mode,
      keepMtime: params.keepMtime ?? false,
      signal: job.signal,
      onProgress: (p) => {
        if (p.outcome.status === 'failed') {
          failures++;
          ctx.emit('file-error', {
            path: p.outcome.path,
            stage: 'write',
            kind: p.outcome.errorKind ?? 'failed',
            message: p.outcome.error ?? 'write failed',
            at: new Date().toISOString(),
          });
        }
        job.progress(p.done, p.total, failures);
      },
    });
    ctx.libraryChanged('tags');
    const counts = countOutcomes(result.batch, result.items);
    return {
      message: `batch ${result.batch ?? '-'}: ${counts.written} written, ${counts.skipped} skipped, ${counts.failed} failed, ${counts.refused} refused`,
      result: counts,
    };
  });
}

function startUndo(ctx: ServiceContext, batch: number | undefined) {
  return ctx.jobs.start('undo', async (job) => {
    let failures = 0;
    const result = await undoBatch(ctx.db, batch, {
      signal: job.signal,
      onProgress: (p) => {
        if (p.outcome.status === 'failed') failures++;
        job.progress(p.done, p.total, failures);
      },
    });
    ctx.libraryChanged('tags');
    const counts = countOutcomes(result.batch, result.items);
    return {
      message: `batch ${result.batch ?? '-'}: ${counts.written} restored, ${counts.failed} failed, ${counts.refused} refused`,
      result: counts,
    };
  });
}

export function writeBatches(db: Database): WriteBatchInfo[] {
  return listBatches(db).map((b): WriteBatchInfo => ({
    id: b.id,
    createdAt: b.createdAt,
    mode: b.kind === 'undo' ? 'undo' : b.mode,
    written: b.written,
    failed: b.failed,
    undoneBy: b.undoneBy,
    undoOf: b.undoOf,
  }));
}

export function writeHandlers(
  ctx: ServiceContext,
): Pick<ApiHandlers, 'jobs.write' | 'jobs.undo' | 'tags.plan' | 'tags.batches'> {
  return {
    'jobs.write': async (params) => startWrite(ctx, params),
    'jobs.undo': async ({ batch }) => startUndo(ctx, batch),
    'tags.plan': async (params) => planTagWrites(ctx.db, params),
    'tags.batches': async () => writeBatches(ctx.db),
  };
}
