import { create } from 'zustand';
import { viewFromHash, type View } from '../lib/views';

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
