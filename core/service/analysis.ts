import { resolveFfmpeg } from '../analysis/decode/ffmpeg-binary.js';
import { getSetting } from '../library/settings.js';
import { analyzeAndPredict } from '../prediction/analyze-and-predict.js';
import type { ServiceContext } from './context.js';
import { relearnSoon } from './relearn.js';
import type { ApiHandlers } from './types.js';

/** The analysis area: decode, extract and predict every track that needs it, as one job. */

function startAnalysis(ctx: ServiceContext) {
  const { db, options } = ctx;
  return ctx.jobs.start('analyze', async (job) => {
    // Each track's features and prediction are stored together as it finishes, so the
    // library fills in while the job runs.
    const summary = await analyzeAndPredict({
      db,
      spawn: options.spawnWorker,
      ffmpeg: resolveFfmpeg({ explicit: getSetting(db, 'ffmpegPath') ?? undefined, env: ctx.env }),
      signal: job.signal,
      onProgress: (p) => {
        job.progress(p.done, p.total, p.failed);
        // The track's prediction is stored by now: views re-read (throttled on their side).
        ctx.libraryChanged('analysis');
      },
      ...(options.prediction && { prediction: options.prediction }),
    });
    for (const f of summary.failures) {
      ctx.emit('file-error', {
        path: f.path,
        stage: 'analysis',
        kind: f.kind,
        message: f.message,
        at: new Date().toISOString(),
      });
    }
    ctx.libraryChanged('analysis');
    // New tracks get predictions in the user's genres too.
    if (!summary.cancelled) relearnSoon(ctx);
    return `${summary.analysed} analysed, ${summary.failed} failed, ${summary.predicted ?? 0} predicted`;
  });
}

export function analysisHandlers(ctx: ServiceContext): Pick<ApiHandlers, 'jobs.analyze'> {
  return { 'jobs.analyze': async () => startAnalysis(ctx) };
}
