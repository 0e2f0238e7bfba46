import { useEffect, useRef, useState } from 'react';
import type { DecisionInput, TrackDetail } from '../../../../shared/api/types';
import { getTrack } from '../../api/library';
import { clearDecisions, decide } from '../../api/review';
import { useAction } from '../../lib/use-action';
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
  const [detail, setDetail] = useState<TrackDetail | null>(null);
  const { busy, error, run, fail, clearError } = useAction();
  // The track shown now: a read answering after the panel moved to another track is dropped.
  const shown = useRef(id);

  useEffect(() => {
    shown.current = id;
    let live = true;
    setDetail(null);
    clearError();
    getTrack(id)
      .then((d) => live && setDetail(d))
      .catch((err: unknown) => live && fail(err));
    return () => {
      live = false;
    };
  }, [id, clearError, fail]);

  const change = (send: () => Promise<unknown>): Promise<boolean> =>
    run(async () => {
      await send();
      const d = await getTrack(id);
      if (shown.current === id) setDetail(d);
      void useTrackTable.getState().reload();
      void useLibrary.getState().refresh();
    });

  return {
    detail,
    error,
    busy,
    decide: (decision) => void change(() => decide(id, decision)),
    clear: () => void change(() => clearDecisions([id])),
  };
}
