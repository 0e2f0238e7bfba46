import type { Database } from '../library/db.js';
import { getSetting } from '../library/settings.js';
import { decide } from '../decisions/decisions.js';
import { acceptAbove } from '../review/bulk-accept.js';
import { clearDecisions, decisionHistory, previewAcceptAbove, undoDecisionGroup } from '../review/decision-undo.js';
import { decideMany, matchingTrackIds } from '../review/decide-many.js';
import { albumOfTrack, decideAlbum } from '../review/albums.js';
import { reviewQueue } from '../review/queue.js';
import { getTrackRow } from '../review/track-query.js';
import type { ServiceContext } from './context.js';
import { relearnSoon } from './relearn.js';
import { notFound } from './errors.js';
import type { ApiHandlers } from './types.js';

/** The review area: the queue, one decision, a whole album, bulk accept. */

/**
 * Bulk accept at `threshold` (default: the accept threshold setting), as `genrewise accept` and
 * the API's review.acceptAbove do it.
 */
export function acceptPredictions(db: Database, threshold?: number): { accepted: number; above: number } {
  const above = threshold ?? getSetting(db, 'acceptThreshold');
  return { accepted: acceptAbove(db, above), above };
}

/**
 * Everything that follows new decisions, in one place: views re-read, and the app re-learns the
 * user's genres in the background (relearn.ts), so the app and the API do it alike.
 */
function decisionsChanged(ctx: ServiceContext): void {
  ctx.libraryChanged('decision');
  relearnSoon(ctx);
}

export function reviewHandlers(
  ctx: ServiceContext,
): Pick<
  ApiHandlers,
  | 'review.queue'
  | 'review.decide'
  | 'review.acceptAbove'
  | 'review.acceptPreview'
  | 'review.decideMany'
  | 'review.clear'
  | 'review.history'
  | 'review.undo'
  | 'review.album'
  | 'review.decideAlbum'
> {
  const { db } = ctx;
  return {
    'review.queue': async (q) => reviewQueue(db, q),
    'review.decide': async ({ id, decision }) => {
      decide(db, id, decision);
      decisionsChanged(ctx);
      return getTrackRow(db, id) ?? notFound(`no track ${id}`);
    },
    'review.acceptAbove': async ({ threshold }) => {
      const { accepted } = acceptPredictions(db, threshold);
      decisionsChanged(ctx);
      return { accepted };
    },
    'review.acceptPreview': async ({ threshold }) => previewAcceptAbove(db, threshold),
    'review.decideMany': async ({ ids, query, decision }) => {
      const decided = decideMany(db, ids ?? matchingTrackIds(db, query ?? {}), decision);
      if (decided > 0) decisionsChanged(ctx);
      return { decided };
    },
    'review.clear': async ({ ids }) => {
      const cleared = clearDecisions(db, ids);
      if (cleared > 0) decisionsChanged(ctx);
      return { cleared };
    },
    'review.history': async ({ limit }) => decisionHistory(db, limit ?? 50),
    'review.undo': async ({ decidedAt, source }) => {
      const undone = undoDecisionGroup(db, decidedAt, source);
      if (undone > 0) decisionsChanged(ctx);
      return { undone };
    },
    'review.album': async ({ id }) => albumOfTrack(db, id),
    'review.decideAlbum': async (params) => {
      const result = decideAlbum(db, params);
      if (result.decided > 0) decisionsChanged(ctx);
      return result;
    },
  };
}
