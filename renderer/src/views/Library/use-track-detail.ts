import { useEffect } from 'react';
import type { DecisionInput, TrackDetail } from '../../../../shared/api/types';
import { getTrack } from '../../api/library';
import { clearDecisions, decide } from '../../api/review';
import { useAction } from '../../lib/use-action';
import { useLoad } from '../../lib/use-load';
import { useLibrary } from '../../stores/library';
import { useTrackTable } from '../../stores/track-table';

export interface TrackDetailState {
  readonly detail: TrackDetail | null;
  readonly error: string | null;
  /** A decision is on its way: the panel's buttons wait. */
  readonly busy: boolean;
  decide(decision: DecisionInput): void;
  clear(): void;
}

/**
 * One track's details, loaded when `id` changes, and the two changes the panel makes to it: a
 * decision and its removal. After either, the track is read again and the table and the counts
 * follow.
 */
export function useTrackDetail(id: number): TrackDetailState {
  const track = useLoad(() => getTrack(id), [id]);
  const { busy, error, run, clearError } = useAction();

  // A failed decision is about the track it was made on.
  useEffect(clearError, [id, clearError]);

  const change = (send: () => Promise<unknown>): Promise<boolean> =>
    run(async () => {
      await send();
      await track.reload();
      void useTrackTable.getState().reload();
      void useLibrary.getState().refresh();
    });

  return {
    detail: track.data,
    error: error ?? track.error,
    busy,
    decide: (decision) => void change(() => decide(id, decision)),
    clear: () => void change(() => clearDecisions([id])),
  };
}
