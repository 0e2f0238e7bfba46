import type { JobProgress, TagWriteOptions, TagWritePlan, WriteBatchInfo } from '../../../shared/api/types';
import { client } from './transport';

/** The dry run: exactly what a write with these options would change. */
export function planWrite(options: TagWriteOptions): Promise<TagWritePlan> {
  return client().call('tags.plan', options);
}

export function startWrite(options: TagWriteOptions): Promise<JobProgress> {
  return client().call('jobs.write', options);
}

/** Undoes one batch (the most recent when omitted) through the same safe write path. */
export function startUndo(batch?: number): Promise<JobProgress> {
  return client().call('jobs.undo', batch === undefined ? {} : { batch });
}

export function writeBatches(): Promise<WriteBatchInfo[]> {
  return client().call('tags.batches', {});
}
