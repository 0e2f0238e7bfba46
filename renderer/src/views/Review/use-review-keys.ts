import { useEffect, type RefObject } from 'react';
import type { PreviewPlayerHandle } from '../../components/PreviewPlayer/PreviewPlayer';
import { focusOwnsKey, reviewKeyAction } from '../../lib/review-keys';
import { useLibrary } from '../../stores/library';
import { useReview } from '../../stores/review';

/**
 * The keyboard drives the whole review screen, but a focused control keeps the keys it acts on:
 * Enter on "Skip" skips, Enter on a sidebar link navigates, text fields keep every key.
 */
export function useReviewKeys(
  genres: RefObject<readonly string[]>,
  player: RefObject<PreviewPlayerHandle | null>,
): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || focusOwnsKey(e.target, e.key)) return;
      const action = reviewKeyAction(e, genres.current);
      if (!action) return;
      e.preventDefault();
      // Holding a key must not decide a run of tracks; holding an arrow may scroll through them.
      if (e.repeat && action.type !== 'move') return;
      const review = useReview.getState();
      if (action.type === 'move') review.move(action.delta);
      else if (action.type === 'toggle-play') player.current?.toggle();
      else {
        void review.decide(action.decision).then(() => useLibrary.getState().refresh());
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [genres, player]);
}
