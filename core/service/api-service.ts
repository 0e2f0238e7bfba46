import { EventEmitter } from 'node:events';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ApiEventName, ApiEvents } from '../../shared/api/contract.js';
import { ApiError } from '../../shared/api/contract.js';
import type { FileError, RootInfo, TrackDetail, WriteBatchInfo } from '../../shared/api/types.js';
import { resolveFfmpeg } from '../analysis/decode/ffmpeg-binary.js';
import { listAnalysisFailures } from '../analysis/store.js';
import type { WorkerSpawner } from '../analysis/pool.js';
import type { Database } from '../library/db.js';
import { ensureRoot, listRoots } from '../library/roots.js';
import { scanFolders } from '../library/scan.js';
import { createTagReader } from '../library/tag-reader.js';
import { getSettings, updateSettings } from '../library/settings.js';
import { listScanErrors } from '../library/tracks.js';
import { exportLibraryPlaylists } from '../playlists/export.js';
import { learnPersonalModel } from '../learning/learn.js';
import { acceptAbove, decide } from '../review/decisions.js';
import { reviewQueue } from '../review/queue.js';
import { undoBatch, writeBatch } from '../tags/batch.js';
import { listBatches } from '../tags/journal.js';
import { countOutcomes } from '../tags/outcome-counts.js';
import { listWriteFailures } from '../tags/write-failures.js';
import { planTagWrites, selectTagWrites } from '../tags/selection.js';
import { MediaAccessError, resolveMediaPath } from '../library/media.js';
import { JobManager } from './jobs.js';
import { libraryOverview } from './overview.js';
import { predictionDetail } from '../prediction/detail.js';
import { analyzeAndPredict } from '../prediction/analyze-and-predict.js';
import { listModels } from '../prediction/models.js';
import { refreshPredictions, type PredictionOptions } from '../prediction/refresh.js';
import { getTrackRow, queryTracks } from '../review/track-query.js';
import type { ApiHandlers, ApiService, EventListener } from './types.js';

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

function badRequest(message: string): never {
  throw new ApiError('bad-request', message);
}

function asApiError(err: unknown): never {
  if (err instanceof ApiError) throw err;
  const e = err as Error;
  // Named domain errors (DecisionError, TrackNotFoundError, SettingsError, …) are the caller's
  // to fix; anything else is ours.
  if (/NotFound/.test(e.name)) throw new ApiError('not-found', e.message);
  if (e.name && e.name !== 'Error' && e.name !== 'TypeError' && e.name !== 'RangeError')
    throw new ApiError('bad-request', e.message);
  throw new ApiError('internal', e.message);
}

/**
 * The backend behind both transports. Every method is the library core's own function: the app
 * adds no logic the CLI lacks.
 */
export function createApiService(options: ApiServiceOptions): ApiService {
  const { db } = options;
  const env = options.env ?? process.env;
  const emitter = new EventEmitter();
  const emit = <E extends ApiEventName>(event: E, payload: ApiEvents[E]): void => {
    emitter.emit('event', event, payload);
  };
  const jobs = new JobManager((progress) => emit('job', progress));
  const libraryChanged = (reason: string): void => emit('library-changed', { reason });

  const rootInfo = (): RootInfo[] => {
    const counts = new Map(
      (
        db
          .prepare("SELECT root_id AS id, count(*) AS n FROM tracks WHERE status = 'present' GROUP BY root_id")
          .all() as { id: number; n: number }[]
      ).map((r) => [r.id, r.n]),
    );
    return listRoots(db).map((r) => ({ ...r, trackCount: counts.get(r.id) ?? 0 }));
  };

  const ffmpeg = () => resolveFfmpeg({ explicit: getSettings(db).ffmpegPath ?? undefined, env });

  const handlers: ApiHandlers = {
    'roots.list': async () => rootInfo(),
    'roots.add': async ({ path }) => {
      if (typeof path !== 'string' || !path.trim()) badRequest('a folder path is required');
      const folder = resolve(path.trim());
      const info = await stat(folder).catch(() => undefined);
      if (!info) badRequest(`folder not found: ${folder}`);
      if (!info.isDirectory()) badRequest(`not a folder: ${folder}`);
      const root = ensureRoot(db, folder, new Date().toISOString());
      libraryChanged('roots');
      return rootInfo().find((r) => r.id === root.id) ?? { ...root, trackCount: 0 };
    },
    'roots.remove': async ({ id }) => {
      const removed = db.prepare('DELETE FROM roots WHERE id = ?').run(id).changes > 0;
      if (removed) libraryChanged('roots');
      return { removed };
    },

    'jobs.scan': async ({ rootIds }) => {
      const roots = listRoots(db).filter((r) => !rootIds || rootIds.includes(r.id));
      if (roots.length === 0) badRequest('no library folder to scan: add one first');
      return jobs.start('scan', async (ctx) => {
        const tagReader = options.tagReaderWorkerUrl
          ? createTagReader({ workerUrl: options.tagReaderWorkerUrl })
          : undefined;
        const summary = await scanFolders(
          db,
          roots.map((r) => r.path),
          {
            signal: ctx.signal,
            ...(tagReader && { tagReader }),
            onProgress: (p) =>
              p.phase === 'walk' ? ctx.progress(0, null, 0, `found ${p.found} files`) : ctx.progress(p.done, p.total),
          },
        ).finally(() => tagReader?.close());
        for (const e of listScanErrors(db, { limit: 50 })) emit('file-error', e);
        libraryChanged('scan');
        ctx.progress(summary.files, summary.files, summary.errors);
        return `${summary.added} added, ${summary.updated} updated, ${summary.removed} removed, ${summary.errors} unreadable`;
      });
    },
    'jobs.analyze': async () =>
      jobs.start('analyze', async (ctx) => {
        // Each track's features and prediction are stored together as it finishes, so the
        // library fills in while the job runs.
        const summary = await analyzeAndPredict({
          db,
          spawn: options.spawnWorker,
          ffmpeg: ffmpeg(),
          signal: ctx.signal,
          onProgress: (p) => {
            ctx.progress(p.done, p.total, p.failed);
            // The track's prediction is stored by now: views re-read (throttled on their side).
            libraryChanged('analysis');
          },
          ...(options.prediction && { prediction: options.prediction }),
        });
        for (const f of summary.failures) {
          emit('file-error', {
            path: f.path,
            stage: 'analysis',
            kind: f.kind,
            message: f.message,
            at: new Date().toISOString(),
          });
        }
        libraryChanged('analysis');
        return `${summary.analysed} analysed, ${summary.failed} failed, ${summary.predicted ?? 0} predicted`;
      }),
    'jobs.write': async (params) =>
      jobs.start('write', async (ctx) => {
        const { items } = selectTagWrites(db, params);
        let failures = 0;
        const result = await writeBatch(db, items, {
          mode: params.mode,
          keepMtime: params.keepMtime ?? false,
          signal: ctx.signal,
          onProgress: (p) => {
            if (p.outcome.status === 'failed') {
              failures++;
              emit('file-error', {
                path: p.outcome.path,
                stage: 'write',
                kind: p.outcome.errorKind ?? 'failed',
                message: p.outcome.error ?? 'write failed',
                at: new Date().toISOString(),
              });
            }
            ctx.progress(p.done, p.total, failures);
          },
        });
        libraryChanged('tags');
        const counts = countOutcomes(result.batch, result.items);
        return {
          message: `batch ${result.batch ?? '-'}: ${counts.written} written, ${counts.skipped} skipped, ${counts.failed} failed, ${counts.refused} refused`,
          result: counts,
        };
      }),
    'jobs.undo': async ({ batch }) =>
      jobs.start('undo', async (ctx) => {
        let failures = 0;
        const result = await undoBatch(db, batch, {
          signal: ctx.signal,
          onProgress: (p) => {
            if (p.outcome.status === 'failed') failures++;
            ctx.progress(p.done, p.total, failures);
          },
        });
        libraryChanged('tags');
        const counts = countOutcomes(result.batch, result.items);
        return {
          message: `batch ${result.batch ?? '-'}: ${counts.written} restored, ${counts.failed} failed, ${counts.refused} refused`,
          result: counts,
        };
      }),
    'jobs.learn': async ({ fromTags, minPerGenre, activate }) =>
      jobs.start('learn', async (ctx) => {
        const result = await learnPersonalModel(db, {
          fromTags: fromTags ?? false,
          ...(minPerGenre !== undefined && { minPerGenre }),
          activate: activate ?? true,
          signal: ctx.signal,
          ...(options.prediction && { prediction: options.prediction }),
          onProgress: (stage, done, total) => ctx.progress(done, total, 0, stage),
        });
        libraryChanged('model');
        const cv = result.card.evaluation.cv;
        return `personal model of ${result.genres.length} genres from ${result.tracks} tracks (CV ${Math.round(cv.accuracy * 100)}%)`;
      }),
    'jobs.cancel': async ({ id }) => ({ cancelled: jobs.cancel(id) }),
    'jobs.list': async () => jobs.list(),

    'tracks.query': async (q) => {
      try {
        return queryTracks(db, q);
      } catch (err) {
        return asApiError(err);
      }
    },
    'tracks.get': async ({ id }) => {
      const row = getTrackRow(db, id);
      if (!row) throw new ApiError('not-found', `no track ${id}`);
      const detail: TrackDetail = {
        ...row,
        ...predictionDetail(db, id, getSettings(db).reviewThreshold),
        mediaUrl: options.mediaUrl(id),
      };
      return detail;
    },
    'library.stats': async () => libraryOverview(db),
    'library.errors': async ({ limit }) => {
      const scan: FileError[] = listScanErrors(db, { limit: limit ?? 500 });
      return [
        ...scan,
        ...listAnalysisFailures(db, { limit: limit ?? 500 }),
        ...listWriteFailures(db, { limit: limit ?? 500 }),
      ];
    },

    'review.queue': async (q) => reviewQueue(db, q),
    'review.decide': async ({ id, decision }) => {
      try {
        decide(db, id, decision);
      } catch (err) {
        return asApiError(err);
      }
      libraryChanged('decision');
      const row = getTrackRow(db, id);
      if (!row) throw new ApiError('not-found', `no track ${id}`);
      return row;
    },
    'review.acceptAbove': async ({ threshold }) => {
      try {
        const accepted = acceptAbove(db, threshold);
        libraryChanged('decision');
        return { accepted };
      } catch (err) {
        return asApiError(err);
      }
    },

    'tags.plan': async (params) => planTagWrites(db, params),
    'tags.batches': async () =>
      listBatches(db).map((b): WriteBatchInfo => ({
        id: b.id,
        createdAt: b.createdAt,
        mode: b.kind === 'undo' ? 'undo' : b.mode,
        written: b.written,
        failed: b.failed,
        undoneBy: b.undoneBy,
        undoOf: b.undoOf,
      })),

    'playlists.export': async (params) => {
      try {
        const result = exportLibraryPlaylists(db, {
          out: params.out,
          format: params.format,
          source: params.source,
          ...(params.minConfidence !== undefined && { minConfidence: params.minConfidence }),
        });
        return {
          out: result.out,
          format: result.format,
          playlists: result.playlists,
          skipped: result.skipped,
          removed: result.removed,
        };
      } catch (err) {
        return asApiError(err);
      }
    },

    'settings.get': async () => getSettings(db),
    'settings.update': async (patch) => {
      try {
        const before = getSettings(db);
        const after = updateSettings(db, patch);
        // The personal model answers where it is at least as confident as the review threshold,
        // so a new threshold re-picks every track's current prediction too (from stored data).
        const personalCutChanged = after.personalModel !== null && before.reviewThreshold !== after.reviewThreshold;
        if (
          before.defaultModel !== after.defaultModel ||
          before.personalModel !== after.personalModel ||
          personalCutChanged
        ) {
          jobs.start('predict', async (ctx) => {
            const r = await refreshPredictions(db, {
              ...options.prediction,
              onProgress: (done, total) => ctx.progress(done, total),
            });
            libraryChanged('model');
            return `${r.predicted} tracks re-predicted`;
          });
        } else {
          libraryChanged('settings');
        }
        return after;
      } catch (err) {
        return asApiError(err);
      }
    },

    'models.list': async () => listModels(db),
  };

  return {
    handlers,
    subscribe(listener: EventListener) {
      const wrapped = (event: ApiEventName, payload: ApiEvents[ApiEventName]): void => listener(event, payload);
      emitter.on('event', wrapped);
      return () => emitter.off('event', wrapped);
    },
    async mediaPath(trackId: number) {
      const row = db.prepare("SELECT path FROM tracks WHERE id = ? AND status = 'present'").get(trackId) as
        { path: string } | undefined;
      if (!row) throw new MediaAccessError('no such track', 404);
      return resolveMediaPath(
        row.path,
        listRoots(db).map((r) => r.path),
      );
    },
    async close() {
      await jobs.shutdown();
    },
  };
}
