import { create } from 'zustand';
import { rowAt, useTrackTable } from './track-table';

/**
 * Several tracks picked in the library table, to give them one genre at once: Ctrl/Cmd-click
 * adds or removes one, Shift-click takes every row from the last picked one, and "all matching"
 * stands for every track the current filters match (however many are loaded).
 */
export interface SelectionState {
  readonly ids: Readonly<Record<number, true>>;
  /** Row index of the last click, where a Shift-click range starts. */
  readonly anchor: number | null;
  readonly allMatching: boolean;
  toggle(index: number, id: number): void;
  extend(index: number): void;
  selectAllMatching(): void;
  clear(): void;
}

export function selectedCount(state: Pick<SelectionState, 'ids'>): number {
  return Object.keys(state.ids).length;
}

export const useSelection = create<SelectionState>((set, get) => ({
  ids: {},
  anchor: null,
  allMatching: false,

  toggle(index, id) {
    const ids = { ...get().ids };
    if (ids[id]) delete ids[id];
    else ids[id] = true;
    set({ ids, anchor: index, allMatching: false });
  },

  extend(index) {
    const from = get().anchor ?? index;
    const ids = { ...get().ids };
    for (let i = Math.min(from, index); i <= Math.max(from, index); i++) {
      const row = rowAt(i);
      if (row) ids[row.id] = true;
    }
    set({ ids, allMatching: false });
  },

  selectAllMatching() {
    set({ allMatching: true, ids: {}, anchor: null });
  },

  clear() {
    set({ ids: {}, anchor: null, allMatching: false });
  },
}));

// A new filter or sort is a new list: what was picked in the old one no longer applies.
useTrackTable.subscribe((state, previous) => {
  if (state.queryKey !== previous.queryKey) useSelection.getState().clear();
});
