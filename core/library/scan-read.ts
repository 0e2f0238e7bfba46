import { forEachConcurrent } from './concurrency.js';
import type { ErrorRecord, ScanWriter } from './scan-writer.js';
import { findMovedTrack } from './scan-moves.js';
import type { Job, KnownTrack } from './scan-plan.js';
import type { TagReader } from './tag-reader.js';
import type { WalkedFile } from './walk.js';

/** What reading the jobs changed; the caller adds them to the scan's summary. */
export interface ReadCounts {
  added: number;
  /** Re-read because changed, plus moved. */
  updated: number;
  moved: number;
  parsed: number;
}

export interface ReadPhase {
  readonly jobs: readonly Job[];
  readonly reader: TagReader;
  readonly writer: ScanWriter;
  readonly missingBySize: ReadonlyMap<number, readonly KnownTrack[]>;
  /** Missing tracks already matched to a new path. */
  readonly claimed: Set<number>;
  /** Paths that have an error row: a successful read clears it. */
  readonly hasErrorRow: (path: string) => boolean;
  readonly report: (error: ErrorRecord) => void;
  readonly concurrency: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Reads what is new or changed, a bounded number at a time. Results are written in job (path)
 * order whatever order the reads finish in, so new tracks get ids in folder order. After an
 * interruption, reads that finished behind a gap that was never started are written too.
 */
export async function readJobs(phase: ReadPhase): Promise<ReadCounts> {
  const counts: ReadCounts = { added: 0, updated: 0, moved: 0, parsed: 0 };
  const total = phase.jobs.length;
  const outcomes: ((() => void) | null | undefined)[] = new Array<undefined>(total);
  let nextToWrite = 0;
  let done = 0;
  const writeReady = (): void => {
    for (; nextToWrite < total; nextToWrite++) {
      const apply = outcomes[nextToWrite];
      if (apply === undefined) break;
      apply?.();
      outcomes[nextToWrite] = null;
    }
  };
  await forEachConcurrent(
    phase.jobs,
    phase.concurrency,
    async (job, index) => {
      outcomes[index] = await jobOutcome(phase, counts, job);
      writeReady();
      done++;
      phase.onProgress?.(done, total);
    },
    phase.signal,
  );
  for (const apply of outcomes) apply?.();
  return counts;
}

/** Reads one job; returns what to write for it, to run once every earlier job's is written. */
async function jobOutcome(phase: ReadPhase, counts: ReadCounts, job: Job): Promise<() => void> {
  if (job.type === 'read') return readOutcome(phase, counts, job.rootId, job.file, job.previous);
  const candidates = phase.missingBySize.get(job.file.size) ?? [];
  const match = await findMovedTrack(phase.reader, job.file, candidates, phase.claimed);
  if (!match) return readOutcome(phase, counts, job.rootId, job.file, undefined);
  return () => {
    phase.writer.moveTrack(match.id, job.rootId, job.file);
    if (phase.hasErrorRow(job.file.path)) phase.writer.clearError(job.file.path);
    counts.updated++;
    counts.moved++;
  };
}

async function readOutcome(
  phase: ReadPhase,
  counts: ReadCounts,
  rootId: number,
  file: WalkedFile,
  previous: KnownTrack | undefined,
): Promise<() => void> {
  counts.parsed++;
  const result = await phase.reader.read(file.path, file.size, file.extension);
  if (!result.ok) {
    const error: ErrorRecord = {
      rootId,
      path: file.path,
      target: 'file',
      kind: result.kind,
      message: result.message,
      size: file.size,
      mtimeMs: file.mtimeMs,
    };
    return () => phase.report(error);
  }
  return () => {
    phase.writer.storeTrack(rootId, file, result.tags, result.fingerprint);
    if (phase.hasErrorRow(file.path)) phase.writer.clearError(file.path);
    if (previous && previous.status === 'present') counts.updated++;
    else counts.added++;
  };
}
