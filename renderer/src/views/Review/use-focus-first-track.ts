import { useEffect, useRef, type RefObject } from 'react';

/**
 * Arriving from the sidebar leaves focus on its link, which keeps Enter and Space for itself:
 * once the first track is shown, focus moves to it so the review keys work at once.
 */
export function useFocusFirstTrack(section: RefObject<HTMLElement | null>, shown: boolean): void {
  const focused = useRef(false);
  useEffect(() => {
    const el = section.current;
    if (!shown || focused.current || !el) return;
    focused.current = true;
    const view = el.closest('main') ?? el.parentElement;
    if (!view?.contains(document.activeElement) || document.activeElement === document.body) {
      el.focus({ preventScroll: true });
    }
  }, [shown, section]);
}
