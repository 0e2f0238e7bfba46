import { argmax } from '../model/metrics.js';
import type { ContextTrack } from './context-model.js';
import type { ContextLabelSource } from './context-labels.js';
import type { TrackGroups } from './track-groups.js';

/**
 * One short sentence per prediction saying which evidence carried it. The three pieces of
 * evidence of the context model are log-likelihoods that add up (context-model.ts), so each one's
 * share in the decision between the predicted genre g and the runner-up r is exact:
 * log f(g) − log f(r). The sentence names the piece with the largest share.
 */

export interface ReasonInput {
  readonly genres: readonly string[];
  readonly labels: Int32Array;
  /** Where each track's label came from (null when unlabelled). */
  readonly sources: readonly (ContextLabelSource | null)[];
  readonly groups: TrackGroups;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "decided", "tagged" or "decided or tagged", as the counted labels came. */
function verb(sources: readonly ContextLabelSource[]): string {
  const decided = sources.includes('decision');
  const tagged = sources.includes('tag');
  return decided && tagged ? 'decided or tagged' : decided ? 'decided' : 'tagged';
}

function labelSources(members: readonly number[], genre: number, input: ReasonInput, skip: (m: number) => boolean) {
  const out: ContextLabelSource[] = [];
  for (const m of members) {
    if (skip(m) || input.labels[m] !== genre) continue;
    const source = input.sources[m];
    if (source) out.push(source);
  }
  return out;
}

function share(factor: Float64Array | null, g: number, r: number): number {
  return factor ? Math.log(factor[g] as number) - Math.log(factor[r] as number) : 0;
}

/** Track i's reason; `probabilities` are its final ones, `oodScore` its unfamiliarity. */
export function explainContext(
  i: number,
  track: ContextTrack,
  probabilities: readonly number[],
  oodScore: number | null,
  input: ReasonInput,
): string {
  const g = argmax(probabilities);
  const name = input.genres[g] as string;
  const nearestSources = track.audio.nearest
    .filter((j) => input.labels[j] === g)
    .map((j) => input.sources[j])
    .filter((s): s is ContextLabelSource => s !== null);
  if (oodScore !== null && oodScore > 1) {
    return `unlike any of your genres (${oodScore.toFixed(1)}× farther than usual); closest to ${name}`;
  }
  const r = argmax(probabilities.map((p, h) => (h === g ? Number.NEGATIVE_INFINITY : p)));
  const audio =
    Math.log(Math.max(track.audio.probabilities[g] as number, Number.MIN_VALUE)) -
    Math.log(Math.max(track.audio.probabilities[r] as number, Number.MIN_VALUE));
  const album = share(track.albumFactor, g, r);
  const artist = share(track.artistFactor, g, r);
  const albumIndex = input.groups.album[i] as number;
  if (album >= audio && album >= artist && album > 0) {
    const sources = labelSources(input.groups.albumMembers[albumIndex] ?? [], g, input, (m) => m === i);
    if (sources.length === 0) return `most of this album sounds like ${name}`;
    return `${plural(sources.length, 'track', 'tracks')} of this album ${sources.length === 1 ? 'is' : 'are'} ${verb(sources)} ${name}`;
  }
  if (artist >= audio && artist > 0) {
    const members = input.groups.artistMembers[input.groups.artist[i] as number] ?? [];
    const sources = labelSources(members, g, input, (m) => input.groups.album[m] === albumIndex);
    return `${plural(sources.length, 'track', 'tracks')} by this artist on other albums ${sources.length === 1 ? 'is' : 'are'} ${verb(sources)} ${name}`;
  }
  const mixed = track.albumMixed ? 'its album is mixed; ' : '';
  if (nearestSources.length === 0) return `${mixed}sounds closer to ${name} than to your other genres`;
  return `${mixed}sounds like ${plural(nearestSources.length, 'track', 'tracks')} you ${verb(nearestSources)} ${name}`;
}
