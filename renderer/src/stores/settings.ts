import { create } from 'zustand';
import type { ModelCardSummary, Settings } from '../../../shared/api/types';
import { getSettings, listModels, updateSettings } from '../api/settings';
import { messageOf } from '../lib/errors';

export interface SettingsState {
  readonly settings: Settings | null;
  readonly models: readonly ModelCardSummary[];
  readonly error: string | null;
  readonly saving: boolean;
  load(): Promise<void>;
  /** Saves only what changed; resolves true when the backend accepted it. */
  save(changes: Partial<Settings>): Promise<boolean>;
  reset(): void;
}

export const useSettings = create<SettingsState>((set) => ({
  settings: null,
  models: [],
  error: null,
  saving: false,

  async load() {
    try {
      const [settings, models] = await Promise.all([getSettings(), listModels()]);
      set({ settings, models, error: null });
    } catch (err) {
      set({ error: messageOf(err) });
    }
  },

  async save(changes) {
    set({ saving: true });
    try {
      const settings = await updateSettings(changes);
      // The active model may have changed; its card (and `active` flags) come with models.list.
      const models = 'defaultModel' in changes || 'personalModel' in changes ? await listModels() : undefined;
      set((s) => ({ settings, models: models ?? s.models, error: null, saving: false }));
      return true;
    } catch (err) {
      set({ error: messageOf(err), saving: false });
      return false;
    }
  },

  reset() {
    set({ settings: null, models: [], error: null, saving: false });
  },
}));

/** The model whose genres the review keys follow: the active personal model, else the active default. */
export function activeModel(models: readonly ModelCardSummary[]): ModelCardSummary | undefined {
  return models.find((m) => m.active && m.role === 'personal') ?? models.find((m) => m.active);
}
