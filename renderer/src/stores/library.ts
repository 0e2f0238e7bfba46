import { create } from 'zustand';
import type { LibraryStats, RootInfo } from '../../../shared/api/types';
import { startAnalysis, startScan } from '../api/jobs';
import { addRoot, libraryStats, listRoots, removeRoot } from '../api/library';
import { isUnauthorised, messageOf } from '../lib/errors';
import { useJobs } from './jobs';

export interface LibraryState {
  /** Counts for the overview and the badges; arrives after `loaded` (it is slow on big libraries). */
  readonly stats: LibraryStats | null;
  readonly roots: readonly RootInfo[];
  /** Tracks in all roots, known as soon as the roots are. */
  readonly trackCount: number;
  /** True once the roots answered (the app decides its first screen from them). */
  readonly loaded: boolean;
  readonly error: string | null;
  /** The server refused our token: the page must be opened from the URL `genrewise serve` printed. */
  readonly unauthorised: boolean;
  /** Re-reads the roots (resolves then) and the stats (in the background, one request at a time). */
  refresh(): Promise<void>;
  /** Adds a music folder, scans it, then analyses what the scan found. */
  addFolder(path: string): Promise<RootInfo>;
  removeFolder(id: number): Promise<void>;
  /** Scans (all roots when omitted), then analyses new and changed tracks. */
  scanAndAnalyse(rootIds?: number[]): Promise<void>;
  analyse(): Promise<void>;
  reset(): void;
}

// Stats take seconds on 100,000 tracks: while one request runs, later refreshes ask for exactly
// one more rather than piling requests onto the server during a scan.
let statsLoading = false;
const STATS_DELAY_MS = 150;
let statsAgain = false;

export const useLibrary = create<LibraryState>((set, get) => {
  async function loadStats(): Promise<void> {
    if (statsLoading) {
      statsAgain = true;
      return;
    }
    statsLoading = true;
    try {
      do {
        statsAgain = false;
        try {
          set({ stats: await libraryStats() });
        } catch (err) {
          set({ error: messageOf(err), unauthorised: isUnauthorised(err) });
        }
      } while (statsAgain);
    } finally {
      statsLoading = false;
    }
  }

  return {
    stats: null,
    roots: [],
    trackCount: 0,
    loaded: false,
    error: null,
    unauthorised: false,

    async refresh() {
      try {
        const roots = await listRoots();
        set({
          roots,
          trackCount: roots.reduce((n, r) => n + r.trackCount, 0),
          loaded: true,
          error: null,
          unauthorised: false,
        });
      } catch (err) {
        set({ loaded: true, error: messageOf(err), unauthorised: isUnauthorised(err) });
      }
      // The server answers one request at a time: let the screen that just rendered ask for its
      // rows first, so a slow stats query does not hold up the first page of the table.
      setTimeout(() => void loadStats(), STATS_DELAY_MS);
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
      statsAgain = false;
      set({ stats: null, roots: [], trackCount: 0, loaded: false, error: null, unauthorised: false });
    },
  };
});
