import type { ApiEventName, ApiEvents } from '../../shared/api/contract.js';
import type { WorkerSpawner } from '../analysis/pool.js';
import type { Database } from '../library/db.js';
import type { PredictionOptions } from '../prediction/refresh.js';
import type { JobManager } from './jobs.js';
import type { RefreshKeeper } from './refresh-keeper.js';

export interface ApiServiceOptions {
  readonly db: Database;
  /** How analysis workers start: child processes for `serve`, utilityProcess in the app. */
  readonly spawnWorker: WorkerSpawner;
  /** Media URL for a track as the transport serves it (e.g. `/media/12`). */
  readonly mediaUrl: (trackId: number) => string;
  readonly env?: NodeJS.ProcessEnv;
  readonly prediction?: PredictionOptions;
  /** Compiled tag-reader worker when it is not beside the library module (the app's bundle). */
  readonly tagReaderWorkerUrl?: URL;
}

/**
 * What every area of the service (library.ts, analysis.ts, review.ts, write.ts, playlists.ts,
 * models.ts, settings.ts) works with: the library, the one job queue, and the event stream.
 */
export interface ServiceContext {
  readonly db: Database;
  readonly options: ApiServiceOptions;
  readonly env: NodeJS.ProcessEnv;
  readonly jobs: JobManager;
  /** Brings the library table and the review order up to date in the background (refresh-keeper.ts). */
  readonly refresh: RefreshKeeper;
  emit<E extends ApiEventName>(event: E, payload: ApiEvents[E]): void;
  /** Something in the library changed: views re-query, and the refresh starts if rows went stale. */
  libraryChanged(reason: string): void;
}
