import type { ApiMethod, ApiParams, ApiResult } from '../../shared/api/contract.js';
import type { JobProgress, Settings, TrackRow } from '../../shared/api/types.js';
import { scoreUndecided, shownGenre, type CurvePoint } from './learning-curve-score.js';

/**
 * A simulated user on a labelled library, driving the app through its API exactly as the UI
 * does (the same methods, the same order): take the top of the review queue, answer it from the
 * truth (accept when the shown genre is already right, else choose the true genre spelled as the
 * labels spell it), let the app learn, and after every decision measure how many of the
 * not-yet-decided tracks the library shows right (learning-curve-score.ts).
 *
 * How the app learns is one switch (`learning`):
 * - 'explicit': after each decision the user presses "Learn from my library" (jobs.learn, which
 *   re-learns the library-context model at once, as the service also does by itself);
 * - 'service': the app re-learns by itself after decisions (background jobs); the simulation only
 *   waits until no job is queued or running;
 * - 'auto': 'explicit' until the service is seen starting a learn job of its own after a
 *   decision (or after the analysis, for tags), 'service' from then on.
 */

/** What the simulation needs of the app: the API every transport carries. */
export interface ApiCaller {
  call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResult<M>>;
}

export type LearningTrigger = 'explicit' | 'service' | 'auto';

export interface SimulationOptions {
  /** Path → genre as the user would type it. */
  readonly truth: ReadonlyMap<string, string>;
  /** Only these paths are scored (default: every path in the truth). */
  readonly scored?: ReadonlySet<string>;
  readonly learning: LearningTrigger;
  /** Learn from the files' genre tags too (the UI's "use my tags" choice). */
  readonly fromTags: boolean;
  /** Stop once this many decisions are made ... */
  readonly maxDecisions: number;
  /** ... or earlier, when this says the curve is complete (called after every point). */
  readonly enough?: (points: readonly CurvePoint[]) => boolean;
  /** How long the app must stay without jobs before a measurement (service mode: its debounce). */
  readonly settleMs?: number;
  readonly onPoint?: (point: CurvePoint, step: SimulationStep) => void;
}

export interface SimulationStep {
  readonly decisions: number;
  /** The track answered (none at the start). */
  readonly track: { readonly path: string; readonly shown: string | null; readonly answer: string } | null;
  /**
   * What learning did: the final state and message of the learn job (the simulation's, or the
   * last one the service started by itself: `by` says which); null when no learn job ran.
   */
  readonly learn: {
    readonly by: 'simulation' | 'service';
    readonly state: JobProgress['state'];
    readonly message: string | null;
  } | null;
  readonly learnSeconds: number;
}

export interface SimulationResult {
  readonly points: readonly CurvePoint[];
  readonly steps: readonly SimulationStep[];
  /** Why the loop stopped. */
  readonly stopped: 'max-decisions' | 'enough' | 'queue-empty' | 'all-decided';
  /** Whether learning was left to the service at the end ('service', or 'auto' that saw it learn). */
  readonly serviceLearning: boolean;
}

const POLL_MS = 20;
const PAGE = 1000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function busy(jobs: readonly JobProgress[]): boolean {
  return jobs.some((j) => j.state === 'queued' || j.state === 'running');
}

/** Resolves once no job has been queued or running for `settleMs` (polled through jobs.list). */
export async function waitForIdle(api: ApiCaller, settleMs = 0): Promise<void> {
  let quietSince = performance.now();
  for (;;) {
    if (busy(await api.call('jobs.list', {}))) quietSince = performance.now();
    else if (performance.now() - quietSince >= settleMs) return;
    await sleep(POLL_MS);
  }
}

/** Resolves with the job's final state once it has finished. */
export async function waitForJob(api: ApiCaller, job: JobProgress): Promise<JobProgress> {
  for (;;) {
    const now = (await api.call('jobs.list', {})).find((j) => j.id === job.id);
    if (!now) throw new Error(`job ${job.id} (${job.kind}) disappeared from jobs.list`);
    if (now.state !== 'queued' && now.state !== 'running') return now;
    await sleep(POLL_MS);
  }
}

/** Every track row, paged as the library view pages them. */
export async function allTracks(api: ApiCaller): Promise<TrackRow[]> {
  const rows: TrackRow[] = [];
  for (;;) {
    const page = await api.call('tracks.query', { sort: 'path', offset: rows.length, limit: PAGE });
    rows.push(...page.rows);
    if (page.rows.length === 0 || rows.length >= page.total) return rows;
  }
}

/** Ids of the learn jobs the app lists now. */
async function learnJobIds(api: ApiCaller): Promise<Set<string>> {
  return new Set((await api.call('jobs.list', {})).filter((j) => j.kind === 'learn').map((j) => j.id));
}

/**
 * The one place the simulation lets the app learn (see the module comment). `before` holds the
 * learn jobs listed before the user acted, so jobs the service started since are told apart.
 */
async function letTheAppLearn(
  api: ApiCaller,
  options: SimulationOptions,
  mode: { service: boolean },
  before: ReadonlySet<string>,
): Promise<SimulationStep['learn']> {
  await waitForIdle(api, options.settleMs ?? 0);
  const own = (await api.call('jobs.list', {})).filter((j) => j.kind === 'learn' && !before.has(j.id)).at(-1);
  if (own && options.learning === 'auto') mode.service = true;
  if (options.learning === 'service' || mode.service) {
    return own ? { by: 'service', state: own.state, message: own.message } : null;
  }
  const job = await api.call('jobs.learn', { fromTags: options.fromTags, activate: true });
  const done = await waitForJob(api, job);
  await waitForIdle(api, options.settleMs ?? 0); // a re-predict the learn job set off, if any
  return { by: 'simulation', state: done.state, message: done.message };
}

async function measure(
  api: ApiCaller,
  options: SimulationOptions,
  decisions: number,
): Promise<{ point: CurvePoint; settings: Settings }> {
  const settings = await api.call('settings.get', {});
  const score = scoreUndecided(await allTracks(api), options.truth, settings.displayNames, options.scored);
  return { point: { decisions, ...score }, settings };
}

/**
 * Runs the simulated user until `maxDecisions`, `enough`, an empty review queue, or every
 * labelled track decided. The library must be scanned and analysed already.
 */
export async function simulateUser(api: ApiCaller, options: SimulationOptions): Promise<SimulationResult> {
  const points: CurvePoint[] = [];
  const steps: SimulationStep[] = [];
  const record = (point: CurvePoint, step: SimulationStep): void => {
    points.push(point);
    steps.push(step);
    options.onPoint?.(point, step);
  };

  // With tags in the library, the user starts by letting the app learn from them (a service that
  // learns by itself has started that after the analysis).
  const mode = { service: options.learning === 'service' };
  let started = performance.now();
  let initialLearn: SimulationStep['learn'] = null;
  if (options.fromTags) initialLearn = await letTheAppLearn(api, options, mode, new Set());
  else await waitForIdle(api, options.settleMs ?? 0);
  let { point, settings } = await measure(api, options, 0);
  record(point, {
    decisions: 0,
    track: null,
    learn: initialLearn,
    learnSeconds: (performance.now() - started) / 1000,
  });

  for (let decisions = 1; ; decisions++) {
    if (decisions > options.maxDecisions)
      return { points, steps, stopped: 'max-decisions', serviceLearning: mode.service };
    if (options.enough?.(points)) return { points, steps, stopped: 'enough', serviceLearning: mode.service };
    if (point.undecided === 0) return { points, steps, stopped: 'all-decided', serviceLearning: mode.service };
    const top = (await api.call('review.queue', { limit: 1 })).items[0];
    if (!top) return { points, steps, stopped: 'queue-empty', serviceLearning: mode.service };
    const before = await learnJobIds(api);
    const answer = options.truth.get(top.path);
    const shown = shownGenre(top.predicted, settings.displayNames);
    if (answer === undefined) {
      // Not part of the labelled set: the user passes on it.
      await api.call('review.decide', { id: top.id, decision: { action: 'skip' } });
    } else if (shown === answer) {
      await api.call('review.decide', { id: top.id, decision: { action: 'accept' } });
    } else {
      await api.call('review.decide', { id: top.id, decision: { action: 'choose', genre: answer } });
    }
    started = performance.now();
    const learn = await letTheAppLearn(api, options, mode, before);
    const learnSeconds = (performance.now() - started) / 1000;
    ({ point, settings } = await measure(api, options, decisions));
    record(point, { decisions, track: { path: top.path, shown, answer: answer ?? '(skipped)' }, learn, learnSeconds });
  }
}
