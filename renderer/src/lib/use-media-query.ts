import { useSyncExternalStore } from 'react';

/**
 * Whether the window matches a CSS media query, re-rendering when that changes. False where the
 * page has no matchMedia (a test's DOM), which is the wide layout.
 */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (changed) => {
      if (typeof window.matchMedia !== 'function') return () => undefined;
      const list = window.matchMedia(query);
      list.addEventListener('change', changed);
      return () => list.removeEventListener('change', changed);
    },
    () => typeof window.matchMedia === 'function' && window.matchMedia(query).matches,
  );
}
