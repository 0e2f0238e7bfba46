import { create } from 'zustand';
import type { JobProgress, TagWriteOptions, TagWritePlan, WriteBatchInfo } from '../../../shared/api/types';
import { planWrite, startUndo, startWrite, writeBatches } from '../api/tags';
import { messageOf } from '../lib/errors';
import { isActive, useJobs } from './jobs';

/**
 * Writing tags is a short wizard; each step only allows the moves that make sense from it:
 *   options → planning → planned → writing → finished
 *                ↘ failed ↙        (back to options from planned, finished or failed)
 * The plan is the dry run of exactly the options that will be written with; changing an option
 * after planning throws the plan away, so what the user confirmed is what gets written.
 */
export type WriteStep =
  | { readonly step: 'options' }
  | { readonly step: 'planning' }
  | { readonly step: 'planned'; readonly plan: TagWritePlan }
  | { readonly step: 'writing'; readonly plan: TagWritePlan; readonly jobId: string }
  | { readonly step: 'finished'; readonly job: JobProgress }
  | { readonly step: 'failed'; readonly message: string };

export const DEFAULT_WRITE_OPTIONS: TagWriteOptions = {
  mode: 'replace',
  onlyDecided: true,
  minConfidence: 0.8,
  keepMtime: false,
};

export interface WriteFlowState {
  readonly options: TagWriteOptions;
  readonly flow: WriteStep;
  readonly batches: readonly WriteBatchInfo[];
  readonly batchesError: string | null;
  /** Undo jobs running, by batch id. */
  readonly undoing: Readonly<Record<number, string>>;
  setOptions(changes: Partial<TagWriteOptions>): void;
  plan(): Promise<void>;
  confirm(): Promise<void>;
  back(): void;
  /** Fed by every job update; moves `writing` to `finished` when its job ends. */
  jobUpdated(job: JobProgress): void;
  loadBatches(): Promise<void>;
  undo(batch: number): Promise<void>;
  reset(): void;
}

export const useWriteFlow = create<WriteFlowState>((set, get) => ({
  options: DEFAULT_WRITE_OPTIONS,
  flow: { step: 'options' },
  batches: [],
  batchesError: null,
  undoing: {},

  setOptions(changes) {
    const { flow } = get();
    if (flow.step === 'writing' || flow.step === 'planning') return;
    set((s) => ({ options: { ...s.options, ...changes }, flow: { step: 'options' } }));
  },

  async plan() {
    const { flow, options } = get();
    if (flow.step !== 'options' && flow.step !== 'failed' && flow.step !== 'finished') return;
    set({ flow: { step: 'planning' } });
    try {
      const plan = await planWrite(options);
      if (get().flow.step === 'planning') set({ flow: { step: 'planned', plan } });
    } catch (err) {
      set({ flow: { step: 'failed', message: messageOf(err) } });
    }
  },

  async confirm() {
    const { flow, options } = get();
    if (flow.step !== 'planned' || flow.plan.changes.length === 0) return;
    try {
      const job = await startWrite(options);
      set({ flow: { step: 'writing', plan: flow.plan, jobId: job.id } });
      useJobs.getState().update(job);
      // The job may have ended before we recorded its id (a tiny batch and a fast disk).
      const latest = useJobs.getState().jobs[job.id];
      if (latest) get().jobUpdated(latest);
    } catch (err) {
      set({ flow: { step: 'failed', message: messageOf(err) } });
    }
  },

  back() {
    const { flow } = get();
    if (flow.step === 'planned' || flow.step === 'finished' || flow.step === 'failed')
      set({ flow: { step: 'options' } });
  },

  jobUpdated(job) {
    if (isActive(job)) return;
    const { flow, undoing } = get();
    if (flow.step === 'writing' && flow.jobId === job.id) {
      set({ flow: { step: 'finished', job } });
      void get().loadBatches();
    }
    const undone = Object.entries(undoing).find(([, id]) => id === job.id);
    if (undone) {
      const rest = { ...undoing };
      delete rest[Number(undone[0])];
      set({ undoing: rest });
      void get().loadBatches();
    }
  },

  async loadBatches() {
    try {
      const batches = await writeBatches();
      set({ batches: [...batches].sort((a, b) => b.id - a.id), batchesError: null });
    } catch (err) {
      set({ batchesError: messageOf(err) });
    }
  },

  async undo(batch) {
    if (get().undoing[batch]) return;
    try {
      const job = await startUndo(batch);
      set((s) => ({ undoing: { ...s.undoing, [batch]: job.id } }));
      useJobs.getState().update(job);
      const latest = useJobs.getState().jobs[job.id];
      if (latest) get().jobUpdated(latest);
    } catch (err) {
      set({ batchesError: messageOf(err) });
    }
  },

  reset() {
    set({ options: DEFAULT_WRITE_OPTIONS, flow: { step: 'options' }, batches: [], batchesError: null, undoing: {} });
  },
}));

// Every job update reaches the wizard, whichever screen is open.
useJobs.subscribe((state, previous) => {
  if (state.jobs === previous.jobs) return;
  for (const job of Object.values(state.jobs)) {
    if (previous.jobs[job.id] !== job) useWriteFlow.getState().jobUpdated(job);
  }
});
