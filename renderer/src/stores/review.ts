import { create } from 'zustand';
import type { DecisionInput, ReviewItem, TrackDetail } from '../../../shared/api/types';
import { getTrack } from '../api/library';
import { acceptAbove, decide, reviewQueue } from '../api/review';
import { messageOf } from '../lib/errors';
import { displayName } from '../lib/genre-names';
import { useSettings } from './settings';

/** Items fetched per request; more are fetched when fewer than PREFETCH remain ahead. */
export const QUEUE_PAGE = 100;
const PREFETCH = 20;

export interface ReviewState {
  /** The queue as this session has seen it, decided items included so ← can return to them. */
  readonly items: readonly ReviewItem[];
  /** Undecided tracks in the queue on the server at the last fetch. */
  readonly remaining: number;
  /** The last fetch said the queue's statuses or order were still being updated; a resync follows. */
  readonly updating: boolean;
  readonly index: number;
  /** Decisions made in this session, by track id. */
  readonly decisions: Readonly<Record<number, DecisionInput>>;
  readonly details: Readonly<Record<number, TrackDetail>>;
  readonly loading: boolean;
  readonly busy: boolean;
  readonly error: string | null;
  /** Last thing that happened, announced to screen readers and shown briefly. */
  readonly notice: string | null;
  load(): Promise<void>;
  /**
   * Re-reads the queue after the app re-learned: the tracks still ahead are replaced by the
   * queue's new order (the answers given may have settled them, and the track that now teaches
   * most may be another), while the tracks already seen and the one on screen stay put.
   */
  resync(): Promise<void>;
  move(delta: number): void;
  decide(decision: DecisionInput): Promise<void>;
  acceptAbove(threshold: number): Promise<number | null>;
  reset(): void;
}

export function currentItem(state: Pick<ReviewState, 'items' | 'index'>): ReviewItem | undefined {
  return state.items[state.index];
}

/** A session with nothing loaded: the store's first state and what reset() returns to. */
const EMPTY = {
  items: [],
  remaining: 0,
  updating: false,
  index: 0,
  decisions: {},
  details: {},
  loading: false,
  busy: false,
  error: null,
  notice: null,
} satisfies Partial<ReviewState>;

let generation = 0;
let fetchingMore = false;

function describe(decision: DecisionInput, item: ReviewItem): string {
  const what = item.title ?? item.path;
  switch (decision.action) {
    case 'accept':
      return `Accepted the prediction for “${what}”`;
    case 'choose':
      return `Chose ${displayName(decision.genre, useSettings.getState().settings?.displayNames)} for “${what}”`;
    case 'keep':
      return `Kept the file's genre for “${what}”`;
    case 'skip':
      return `Skipped “${what}”`;
  }
}

/**
 * The review session: walks the queue least confident first, one decision per track. Decided
 * tracks stay in the local list (marked) so the user can go back and change their mind; the
 * server drops them from its queue, so more items are fetched past the undecided ones we hold.
 */
export const useReview = create<ReviewState>((set, get) => {
  async function loadDetail(id: number): Promise<void> {
    if (get().details[id]) return;
    try {
      const detail = await getTrack(id);
      set((s) => ({ details: { ...s.details, [id]: detail } }));
    } catch (err) {
      set({ error: messageOf(err) });
    }
  }

  /** Moves to `index`; a notice about the decision just made stays, anything older goes. */
  function goTo(index: number, keepNotice: boolean): void {
    const { items } = get();
    const next = Math.min(Math.max(index, 0), items.length);
    if (next === get().index) return;
    set(keepNotice ? { index: next } : { index: next, notice: null });
    around(next);
  }

  function around(index: number): void {
    const { items } = get();
    const here = items[index];
    if (here) void loadDetail(here.id);
    const next = items[index + 1];
    if (next) void loadDetail(next.id);
    if (items.length - index <= PREFETCH) void fetchMore();
  }

  async function fetchMore(): Promise<void> {
    if (fetchingMore) return;
    const { items, decisions, remaining } = get();
    const undecidedHeld = items.filter((i) => !decisions[i.id]).length;
    if (undecidedHeld >= remaining) return;
    fetchingMore = true;
    const gen = generation;
    try {
      const page = await reviewQueue({ offset: undecidedHeld, limit: QUEUE_PAGE });
      if (gen !== generation) return;
      set((s) => {
        const known = new Set(s.items.map((i) => i.id));
        return {
          items: [...s.items, ...page.items.filter((i) => !known.has(i.id))],
          remaining: page.total,
          updating: page.updating === true,
        };
      });
    } catch (err) {
      set({ error: messageOf(err) });
    } finally {
      fetchingMore = false;
    }
  }

  return {
    ...EMPTY,

    async load() {
      generation += 1;
      const gen = generation;
      set({ loading: true, error: null });
      try {
        const page = await reviewQueue({ offset: 0, limit: QUEUE_PAGE });
        if (gen !== generation) return;
        set({
          items: page.items,
          remaining: page.total,
          updating: page.updating === true,
          index: 0,
          decisions: {},
          details: {},
          loading: false,
        });
        around(0);
      } catch (err) {
        if (gen === generation) set({ loading: false, error: messageOf(err) });
      }
    },

    async resync() {
      if (get().loading || (get().items.length === 0 && get().remaining === 0)) return;
      const gen = generation;
      try {
        const page = await reviewQueue({ offset: 0, limit: QUEUE_PAGE });
        if (gen !== generation) return;
        set((s) => {
          const kept = s.items.slice(0, s.index + 1);
          const held = new Set(kept.map((i) => i.id));
          return {
            items: [...kept, ...page.items.filter((i) => !held.has(i.id))],
            remaining: page.total,
            updating: page.updating === true,
          };
        });
        around(get().index);
      } catch (err) {
        if (gen === generation) set({ error: messageOf(err) });
      }
    },

    move(delta) {
      goTo(get().index + delta, false);
    },

    async decide(decision) {
      const state = get();
      const item = currentItem(state);
      if (!item || state.busy) return;
      if (decision.action === 'keep' && item.current.length === 0) {
        set({ notice: 'This file has no genre tag to keep: choose a genre, accept the prediction, or skip.' });
        return;
      }
      set({ busy: true, error: null });
      try {
        await decide(item.id, decision);
        const wasDecided = Boolean(get().decisions[item.id]);
        set((s) => ({
          decisions: { ...s.decisions, [item.id]: decision },
          remaining: wasDecided ? s.remaining : Math.max(0, s.remaining - 1),
          busy: false,
          notice: describe(decision, item),
        }));
        goTo(get().index + 1, true);
      } catch (err) {
        set({ busy: false, error: messageOf(err) });
      }
    },

    async acceptAbove(threshold) {
      set({ busy: true, error: null });
      try {
        const { accepted } = await acceptAbove(threshold);
        set({
          busy: false,
          notice: `Accepted ${accepted} prediction${accepted === 1 ? '' : 's'} at ${Math.round(threshold * 100)}% or more`,
        });
        await get().load();
        return accepted;
      } catch (err) {
        set({ busy: false, error: messageOf(err) });
        return null;
      }
    },

    reset() {
      generation += 1;
      fetchingMore = false;
      set(EMPTY);
    },
  };
});
