import { useEffect, useState } from 'react';
import type { DecisionInput, TrackDetail } from '../../../../shared/api/types';
import { getTrack } from '../../api/library';
import { clearDecisions, decide } from '../../api/review';
import { messageOf } from '../../lib/errors';
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
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    setDetail(null);
    setError(null);
    getTrack(id)
      .then((d) => live && setDetail(d))
      .catch((err: unknown) => live && setError(messageOf(err)));
    return () => {
      live = false;
    };
  }, [id]);

  async function change(send: () => Promise<unknown>): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      await send();
      setDetail(await getTrack(id));
      void useTrackTable.getState().reload();
      void useLibrary.getState().refresh();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return {
    detail,
    error,
    busy,
    decide: (decision) => void change(() => decide(id, decision)),
    clear: () => void change(() => clearDecisions([id])),
  };
}
