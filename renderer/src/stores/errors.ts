import { create } from 'zustand';
import type { FileError } from '../../../shared/api/types';
import { libraryErrors } from '../api/library';
import { messageOf } from '../lib/errors';

const LIMIT = 500;

export interface ErrorsState {
  readonly errors: readonly FileError[];
  /** Errors reported live since the list was last opened (the sidebar badge). */
  readonly unseen: number;
  readonly loading: boolean;
  readonly error: string | null;
  load(): Promise<void>;
  add(error: FileError): void;
  markSeen(): void;
  reset(): void;
}

function key(e: FileError): string {
  return `${e.stage}\u0000${e.path}`;
}

/** Per-file errors: the stored ones (library.errors) plus those arriving as 'file-error' events. */
export const useErrors = create<ErrorsState>((set) => ({
  errors: [],
  unseen: 0,
  loading: false,
  error: null,

  async load() {
    set({ loading: true });
    try {
      const errors = await libraryErrors(LIMIT);
      set({ errors, loading: false, error: null });
    } catch (err) {
      set({ loading: false, error: messageOf(err) });
    }
  },

  add(error) {
    // The same file failing again at the same stage replaces its earlier entry.
    set((s) => ({
      errors: [error, ...s.errors.filter((e) => key(e) !== key(error))].slice(0, LIMIT),
      unseen: s.unseen + 1,
    }));
  },

  markSeen() {
    set({ unseen: 0 });
  },

  reset() {
    set({ errors: [], unseen: 0, loading: false, error: null });
  },
}));
