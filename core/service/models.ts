import type { ApiParams } from '../../shared/api/contract.js';
import { learnPersonalModel } from '../learning/learn.js';
import { learningReadiness } from '../learning/readiness.js';
import { listModels } from '../prediction/models.js';
import type { ServiceContext } from './context.js';
import type { ApiHandlers } from './types.js';

/** The models area: the models the library knows, and learning a personal one. */

function startLearning(ctx: ServiceContext, { fromTags, minPerGenre, activate }: ApiParams<'jobs.learn'>) {
  const { db, options } = ctx;
  return ctx.jobs.start('learn', async (job) => {
    const result = await learnPersonalModel(db, {
      fromTags: fromTags ?? false,
      ...(minPerGenre !== undefined && { minPerGenre }),
      activate: activate ?? true,
      signal: job.signal,
      ...(options.prediction && { prediction: options.prediction }),
      onProgress: (stage, done, total) => job.progress(done, total, 0, stage),
    });
    ctx.libraryChanged('model');
    const cv = result.card.evaluation.cv;
    return `personal model of ${result.genres.length} genres from ${result.tracks} tracks (CV ${Math.round(cv.accuracy * 100)}%)`;
  });
}

export function modelsHandlers(
  ctx: ServiceContext,
): Pick<ApiHandlers, 'models.list' | 'jobs.learn' | 'learning.readiness'> {
  return {
    'models.list': async () => listModels(ctx.db),
    'learning.readiness': async ({ fromTags }) => learningReadiness(ctx.db, { fromTags: fromTags ?? false }),
    'jobs.learn': async (params) => startLearning(ctx, params),
  };
}
