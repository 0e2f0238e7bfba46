import { EventEmitter } from 'node:events';
import type { ApiEventName, ApiEvents, ApiMethod } from '../../shared/api/contract.js';
import { analysisHandlers } from './analysis.js';
import type { ApiServiceOptions, ServiceContext } from './context.js';
import { toApiError } from './errors.js';
import { JobManager } from './jobs.js';
import { libraryHandlers, mediaPath } from './library.js';
import { modelsHandlers } from './models.js';
import { playlistsHandlers } from './playlists.js';
import { RefreshKeeper } from './refresh-keeper.js';
import { reviewHandlers } from './review.js';
import { settingsHandlers } from './settings.js';
import { similarityHandlers } from './similarity.js';
import type { ApiHandlers, ApiService, EventListener } from './types.js';
import { writeHandlers } from './write.js';

export type { ApiServiceOptions } from './context.js';

/**
 * Every handler throws only ApiErrors with a typed code (errors.ts), whatever its area threw.
 */
function withTypedErrors(handlers: ApiHandlers): ApiHandlers {
  const wrapped: Partial<Record<ApiMethod, (params: never) => Promise<unknown>>> = {};
  for (const [method, handler] of Object.entries(handlers) as [ApiMethod, (params: never) => Promise<unknown>][]) {
    wrapped[method] = async (params: never) => {
      try {
        return await handler(params);
      } catch (err) {
        throw toApiError(err);
      }
    };
  }
  return wrapped as ApiHandlers;
}

/**
 * The backend behind both transports, assembled from one file per area (library, analysis,
 * review, write, playlists, models, settings). Every method is the core's own function, and the
 * CLI commands call the same ones: the app adds no logic the CLI lacks.
 */
export function createApiService(options: ApiServiceOptions): ApiService {
  const emitter = new EventEmitter();
  const emit = <E extends ApiEventName>(event: E, payload: ApiEvents[E]): void => {
    emitter.emit('event', event, payload);
  };
  const jobs = new JobManager((progress) => emit('job', progress));
  // When the rows are current again, views re-read ('index'); a failed step is retried at the next change.
  const refresh = new RefreshKeeper(
    options.db,
    () => emit('library-changed', { reason: 'index' }),
    (err) => process.emitWarning(`updating the library table failed: ${(err as Error).message}`),
  );
  const ctx: ServiceContext = {
    db: options.db,
    options,
    env: options.env ?? process.env,
    jobs,
    refresh,
    emit,
    libraryChanged: (reason) => {
      refresh.kick();
      emit('library-changed', { reason });
    },
  };
  // A library opened with work left (an upgrade, a run stopped half-way) is brought up to date now.
  refresh.kick();

  const handlers = withTypedErrors({
    ...libraryHandlers(ctx),
    ...analysisHandlers(ctx),
    ...reviewHandlers(ctx),
    ...writeHandlers(ctx),
    ...playlistsHandlers(ctx),
    ...modelsHandlers(ctx),
    ...settingsHandlers(ctx),
    ...similarityHandlers(ctx.db),
    'jobs.cancel': async ({ id }) => ({ cancelled: jobs.cancel(id) }),
    'jobs.dismiss': async ({ id }) => ({ dismissed: jobs.dismiss(id) }),
    'jobs.list': async () => jobs.list(),
  });

  return {
    handlers,
    subscribe(listener: EventListener) {
      const wrapped = (event: ApiEventName, payload: ApiEvents[ApiEventName]): void => listener(event, payload);
      emitter.on('event', wrapped);
      return () => emitter.off('event', wrapped);
    },
    mediaPath: (trackId: number) => mediaPath(options.db, trackId),
    async close() {
      await jobs.shutdown();
      await refresh.stop();
    },
  };
}
