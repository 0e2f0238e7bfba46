import type { Settings } from '../../shared/api/types.js';
import { getSettings } from '../library/settings.js';
import { refreshPredictions } from '../prediction/refresh.js';
import { changeSettings } from '../prediction/settings-change.js';
import type { ServiceContext } from './context.js';
import type { ApiHandlers } from './types.js';

/** The settings area: read them, change them, and re-predict when a change calls for it. */

function updateSettings(ctx: ServiceContext, patch: Partial<Settings>): Settings {
  const change = changeSettings(ctx.db, patch);
  // A new threshold, aliases or display names mark every status for the refresh: now, not in a read.
  ctx.refresh.kick();
  if (!change.repredict) {
    ctx.libraryChanged('settings');
    return change.settings;
  }
  ctx.jobs.start('predict', async (job) => {
    const r = await refreshPredictions(ctx.db, {
      ...ctx.options.prediction,
      onProgress: (done, total) => job.progress(done, total),
    });
    ctx.libraryChanged('model');
    await ctx.refresh.settle((rows) => job.progress(rows, null, undefined, 'updating the library table'));
    return `${r.predicted} tracks re-predicted`;
  });
  return change.settings;
}

export function settingsHandlers(ctx: ServiceContext): Pick<ApiHandlers, 'settings.get' | 'settings.update'> {
  return {
    'settings.get': async () => getSettings(ctx.db),
    'settings.update': async (patch) => updateSettings(ctx, patch),
  };
}
