import { create } from 'zustand';

export const VIEWS = ['welcome', 'library', 'overview', 'review', 'write', 'playlists', 'settings', 'errors'] as const;
export type View = (typeof VIEWS)[number];

export function isView(value: string): value is View {
  return (VIEWS as readonly string[]).includes(value);
}

/** '#/review' → 'review'; anything else → null. */
export function viewFromHash(hash: string): View | null {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return isView(name) ? name : null;
}

export interface NavigationState {
  readonly view: View;
  go(view: View): void;
}

/**
 * The current screen, mirrored in the URL hash so a reload (or the browser's back button under
 * `genrewise serve`) returns to the same place.
 */
export const useNavigation = create<NavigationState>((set) => ({
  view: 'library',
  go(view) {
    set({ view });
    if (typeof window !== 'undefined' && viewFromHash(window.location.hash) !== view) {
      window.location.hash = `#/${view}`;
    }
  },
}));
