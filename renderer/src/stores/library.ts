import { create } from 'zustand';
import type { LibraryStats, RootInfo } from '../../../shared/api/types';
import { startAnalysis, startScan } from '../api/jobs';
import { addRoot, libraryStats, listRoots, removeRoot } from '../api/library';
import { isUnauthorised, messageOf } from '../lib/errors';
import { useJobs } from './jobs';

export interface LibraryState {
  readonly stats: LibraryStats | null;
  readonly roots: readonly RootInfo[];
  /** True once the first load answered (the app decides its first screen from it). */
  readonly loaded: boolean;
  readonly error: string | null;
  /** The server refused our token: the page must be opened from the URL `genrewise serve` printed. */
  readonly unauthorised: boolean;
  refresh(): Promise<void>;
  /** Adds a music folder, scans it, then analyses what the scan found. */
  addFolder(path: string): Promise<RootInfo>;
  removeFolder(id: number): Promise<void>;
  /** Scans (all roots when omitted), then analyses new and changed tracks. */
  scanAndAnalyse(rootIds?: number[]): Promise<void>;
  analyse(): Promise<void>;
  reset(): void;
}

export const useLibrary = create<LibraryState>((set, get) => ({
  stats: null,
  roots: [],
  loaded: false,
  error: null,
  unauthorised: false,

  async refresh() {
    try {
      const [stats, roots] = await Promise.all([libraryStats(), listRoots()]);
      set({ stats, roots, loaded: true, error: null, unauthorised: false });
    } catch (err) {
      set({ loaded: true, error: messageOf(err), unauthorised: isUnauthorised(err) });
    }
  },

  async addFolder(path) {
    const root = await addRoot(path.trim());
    set((s) => ({ roots: [...s.roots.filter((r) => r.id !== root.id), root] }));
    await get().scanAndAnalyse([root.id]);
    return root;
  },

  async removeFolder(id) {
    try {
      await removeRoot(id);
      await get().refresh();
    } catch (err) {
      set({ error: messageOf(err) });
    }
  },

  async scanAndAnalyse(rootIds) {
    try {
      // Jobs run one at a time on the backend, so the analysis queues behind the scan and sees
      // what it found — and the pair survives a reload of the page, unlike a chain kept here.
      useJobs.getState().update(await startScan(rootIds));
      useJobs.getState().update(await startAnalysis());
    } catch (err) {
      set({ error: messageOf(err) });
    }
  },

  async analyse() {
    try {
      useJobs.getState().update(await startAnalysis());
    } catch (err) {
      set({ error: messageOf(err) });
    }
  },

  reset() {
    set({ stats: null, roots: [], loaded: false, error: null, unauthorised: false });
  },
}));
