import { onEvent } from '../api/events';
import { transport } from '../api/transport';
import { HttpClient } from '../api/http-client';
import { useErrors } from './errors';
import { useJobs } from './jobs';
import { useLibrary } from './library';
import { useReview } from './review';
import { useSettings } from './settings';
import { useTrackTable } from './track-table';

/** Library-changed events arrive in bursts during a scan; views re-read at most this often. */
const REFRESH_EVERY_MS = 1500;

/**
 * Wires backend events into the stores once, for the whole app: job progress, per-file errors,
 * and library changes (throttled re-reads of the stats and the visible table pages).
 */
export function connectEvents(): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastRefresh = 0;
  const refresh = (): void => {
    lastRefresh = Date.now();
    timer = undefined;
    void useLibrary.getState().refresh();
    void useTrackTable.getState().reload();
  };
  const scheduleRefresh = (): void => {
    if (timer !== undefined) return;
    const wait = Math.max(0, lastRefresh + REFRESH_EVERY_MS - Date.now());
    timer = setTimeout(refresh, wait);
  };

  const offs = [
    onEvent('job', (job) => {
      const before = useJobs.getState().jobs[job.id];
      useJobs.getState().update(job);
      // The end of any job changes counts somewhere (tracks, predictions, written tags): re-read
      // at once, so "ready" screens and badges never lag behind the progress bar.
      if (job.state !== 'running' && job.state !== 'queued' && before?.state !== job.state) {
        if (timer !== undefined) clearTimeout(timer);
        refresh();
        // A finished learn job brings a new personal model: the model lists must show it, and
        // the review queue's order and count follow the new predictions.
        if (job.kind === 'learn' && useSettings.getState().settings !== null) void useSettings.getState().load();
        if (job.kind === 'learn' && job.state === 'done') void useReview.getState().resync();
      }
    }),
    onEvent('file-error', (error) => useErrors.getState().add(error)),
    onEvent('library-changed', ({ reason }) => {
      scheduleRefresh();
      // The rows are current again after a re-learn or a new threshold: the queue's order too.
      if (reason === 'index' && useReview.getState().updating) void useReview.getState().resync();
    }),
  ];

  const client = transport().client;
  if (client instanceof HttpClient) {
    // Events sent while the stream was down are lost: re-read what they would have told us.
    client.onReconnect = () => {
      void useJobs.getState().load();
      scheduleRefresh();
    };
  }

  return () => {
    for (const off of offs) off();
    if (timer !== undefined) clearTimeout(timer);
    if (client instanceof HttpClient) client.onReconnect = undefined;
  };
}
