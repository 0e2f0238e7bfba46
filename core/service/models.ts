import { learningReadiness } from '../learning/readiness.js';
import { listModels } from '../prediction/models.js';
import type { ServiceContext } from './context.js';
import { relearnNow } from './relearn.js';
import type { ApiHandlers } from './types.js';

/**
 * The models area: the models the library knows, and "Learn from my library", which re-learns
 * the library-context model at once (relearn.ts). The personal SVC it used to train is still
 * there for scripts (`genrewise learn`): in the app it was outranked wherever the context model
 * has an answer, which is everywhere its labels could train one (README "Your own model").
 */
export function modelsHandlers(
  ctx: ServiceContext,
): Pick<ApiHandlers, 'models.list' | 'jobs.learn' | 'learning.readiness'> {
  return {
    'models.list': async () => listModels(ctx.db),
    'learning.readiness': async () => learningReadiness(ctx.db),
    'jobs.learn': async () => relearnNow(ctx),
  };
}
