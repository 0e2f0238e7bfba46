import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { RootInfo, TrackDetail } from '../../shared/api/types.js';
import { analysedWindowSpans } from '../analysis/store.js';
import type { Database } from '../library/db.js';
import { listFolder } from '../library/folder-browser.js';
import { CoverCache } from './cover-cache.js';
import { MediaAccessError, resolveMediaPath } from '../library/media.js';
import { ensureRoot, listRoots, removeRoot } from '../library/roots.js';
import { scanFolders } from '../library/scan.js';
import { getSetting } from '../library/settings.js';
import { createTagReader } from '../library/tag-reader.js';
import { listScanErrors, presentTrackPath, presentTracksPerRoot } from '../library/tracks.js';
import { predictionDetail } from '../prediction/detail.js';
import { getTrackRow, queryTracks } from '../review/track-query.js';
import type { ServiceContext } from './context.js';
import { relearnSoon } from './relearn.js';
import { badRequest, notFound } from './errors.js';
import { libraryOverview } from './overview.js';
import { libraryErrorsOffThread } from './library-errors.js';
import type { ApiHandlers } from './types.js';

/** The library area: folders, scans, the track table and its counts, file errors, media. */

export function rootInfo(db: Database): RootInfo[] {
  const counts = presentTracksPerRoot(db);
  return listRoots(db).map((r) => ({ ...r, trackCount: counts.get(r.id) ?? 0 }));
}

async function addRoot(ctx: ServiceContext, path: string): Promise<RootInfo> {
  if (typeof path !== 'string' || !path.trim()) badRequest('a folder path is required');
  const folder = resolve(path.trim());
  const info = await stat(folder).catch(() => undefined);
  if (!info) badRequest(`folder not found: ${folder}`);
  if (!info.isDirectory()) badRequest(`not a folder: ${folder}`);
  const root = ensureRoot(ctx.db, folder, new Date().toISOString());
  ctx.libraryChanged('roots');
  return rootInfo(ctx.db).find((r) => r.id === root.id) ?? { ...root, trackCount: 0 };
}

function startScan(ctx: ServiceContext, rootIds: readonly number[] | undefined) {
  const { db, options } = ctx;
  const roots = listRoots(db).filter((r) => !rootIds || rootIds.includes(r.id));
  if (roots.length === 0) badRequest('no library folder to scan: add one first');
  return ctx.jobs.start('scan', async (job) => {
    const tagReader = options.tagReaderWorkerUrl
      ? createTagReader({ workerUrl: options.tagReaderWorkerUrl })
      : undefined;
    const summary = await scanFolders(
      db,
      roots.map((r) => r.path),
      {
        signal: job.signal,
        ...(tagReader && { tagReader }),
        onProgress: (p) =>
          p.phase === 'walk' ? job.progress(0, null, 0, `found ${p.found} files`) : job.progress(p.done, p.total),
      },
    ).finally(() => tagReader?.close());
    for (const e of listScanErrors(db, { limit: 50 })) ctx.emit('file-error', e);
    ctx.libraryChanged('scan');
    // Genre tags read in this scan are labels of the user's genres.
    relearnSoon(ctx);
    job.progress(summary.files, summary.files, summary.errors);
    return `${summary.added} added, ${summary.updated} updated, ${summary.removed} removed, ${summary.errors} unreadable`;
  });
}

function trackDetail(ctx: ServiceContext, id: number): TrackDetail {
  const row = getTrackRow(ctx.db, id);
  if (!row) notFound(`no track ${id}`);
  return {
    ...row,
    ...predictionDetail(ctx.db, id, getSetting(ctx.db, 'reviewThreshold')),
    analysedWindows: analysedWindowSpans(ctx.db, id),
    mediaUrl: ctx.options.mediaUrl(id),
  };
}

/** Real path of a present track's file, only when it lies inside a library root. */
export async function mediaPath(db: Database, trackId: number): Promise<string> {
  const path = presentTrackPath(db, trackId);
  if (path === undefined) throw new MediaAccessError('no such track', 404);
  return resolveMediaPath(
    path,
    listRoots(db).map((r) => r.path),
  );
}

type LibraryMethods =
  | 'roots.list'
  | 'roots.add'
  | 'roots.remove'
  | 'folders.list'
  | 'jobs.scan'
  | 'tracks.query'
  | 'tracks.get'
  | 'tracks.cover'
  | 'library.stats'
  | 'library.errors';

export function libraryHandlers(ctx: ServiceContext): Pick<ApiHandlers, LibraryMethods> {
  const { db } = ctx;
  const covers = new CoverCache();
  return {
    'roots.list': async () => rootInfo(db),
    'roots.add': async ({ path }) => addRoot(ctx, path),
    'roots.remove': async ({ id }) => {
      const removed = removeRoot(db, id);
      if (removed) ctx.libraryChanged('roots');
      return { removed };
    },
    'folders.list': async ({ path }) => listFolder(path),
    'jobs.scan': async ({ rootIds }) => startScan(ctx, rootIds),
    'tracks.query': async (q) => queryTracks(db, q),
    'tracks.get': async ({ id }) => trackDetail(ctx, id),
    'tracks.cover': async ({ id }) => ({ dataUrl: await covers.get(db, id) }),
    'library.stats': async () => libraryOverview(db),
    'library.errors': async ({ limit }) => libraryErrorsOffThread(db, limit ?? 500),
  };
}
