import { predictFewShot, neighbourScale, softmax, type FewShotParams, type FewShotTrack } from './few-shot.js';
import { addInto, audioEvidence, groupFactor, isMixed, labelEvidence } from './group-evidence.js';
import type { TrackGroups } from './track-groups.js';

/**
 * The library-context model: every track's genre in the user's vocabulary from three pieces of
 * evidence, multiplied as independent likelihoods (a product of experts, i.e. a sum of logs):
 *
 *   log p(g | t) = log a_t(g) + log f_album(g) + log f_artist(g) + const
 *
 * a_t is the track's own audio (few-shot.ts), f_album what its album siblings say — their labels
 * and, down-weighted, their audio — and f_artist what the artist's labelled tracks on OTHER
 * albums say (group-evidence.ts; other albums only, so no label counts twice). Every track is
 * predicted with its own label left out. The parameters are chosen by cross-validation grouped by
 * library (context-params.ts); the probability temperature is fitted per library on its labelled
 * tracks (context-calibration.ts).
 */

export interface ContextParams extends FewShotParams {
  /** ρ of the album model: how often a track has its album's genre. */
  readonly albumCoherence: number;
  /** Exponent on an unlabelled sibling's audio evidence (its effective share of one observation). */
  readonly siblingWeight: number;
  /** ρ of the artist model; 0 turns the artist evidence off. */
  readonly artistCoherence: number;
}

export interface ContextInput {
  /** Standardised track points (track-vectors.ts). */
  readonly points: readonly Float64Array[];
  /** Class of each track, −1 when unlabelled. */
  readonly labels: Int32Array;
  readonly classCount: number;
  readonly groups: TrackGroups;
  /** neighbourScale(points), when the caller has it. */
  readonly scale?: number;
  /** predictFewShot's output for these labels and params, when the caller has it. */
  readonly audio?: readonly FewShotTrack[];
}

export interface ContextTrack {
  /** Combined probabilities per class (before the temperature). */
  readonly probabilities: Float64Array;
  readonly audio: FewShotTrack;
  /** The album's factor, null when it has no effect (no siblings, or a mixed album). */
  readonly albumFactor: Float64Array | null;
  readonly artistFactor: Float64Array | null;
  /** Labelled album siblings per class (the track itself left out). */
  readonly albumLabels: Int32Array;
  /** Labelled tracks of the artist on other albums, per class. */
  readonly artistLabels: Int32Array;
  /** The album's labelled siblings disagree: the track is predicted on its own. */
  readonly albumMixed: boolean;
}

/** log a, with a genre nobody else labelled at −∞ and underflow kept finite. */
function logAudio(audio: Float64Array): Float64Array {
  return audio.map((p) => (p > 0 ? Math.log(p) : Math.log(Number.MIN_VALUE)));
}

function countLabels(members: readonly number[], labels: Int32Array, classCount: number): Int32Array {
  const counts = new Int32Array(classCount);
  for (const i of members) {
    const label = labels[i] as number;
    if (label >= 0) counts[label] = (counts[label] as number) + 1;
  }
  return counts;
}

/** The artist factor from label counts: n_h labels of genre h among n, each labelEvidence. */
export function countsFactor(counts: Int32Array, coherence: number): Float64Array | null {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0 || coherence <= 0 || isMixed(counts)) return null;
  const k = counts.length;
  const hit = Math.log(coherence + (1 - coherence) / k);
  const miss = Math.log((1 - coherence) / k);
  return groupFactor(
    Array.from(counts, (n) => n * hit + (total - n) * miss),
    coherence,
  );
}

/** Labelled tracks per class of track i's artist that are not on i's album. */
export function labelsOnOtherAlbums(i: number, input: ContextInput): Int32Array {
  const counts = new Int32Array(input.classCount);
  const artist = input.groups.artist[i] as number;
  if (artist < 0) return counts;
  const album = input.groups.album[i] as number;
  for (const m of input.groups.artistMembers[artist] as number[]) {
    const label = input.labels[m] as number;
    if (label >= 0 && input.groups.album[m] !== album) counts[label] = (counts[label] as number) + 1;
  }
  return counts;
}

interface AlbumTotals {
  readonly evidence: Float64Array;
  readonly counts: Int32Array;
  /** Each member's own contribution to `evidence`. */
  readonly own: Map<number, Float64Array>;
}

function albumTotals(
  members: readonly number[],
  input: ContextInput,
  audio: readonly FewShotTrack[],
  params: ContextParams,
): AlbumTotals {
  const evidence = new Float64Array(input.classCount);
  const own = new Map<number, Float64Array>();
  for (const i of members) {
    const label = input.labels[i] as number;
    const part =
      label >= 0
        ? labelEvidence(label, input.classCount, params.albumCoherence)
        : audioEvidence((audio[i] as FewShotTrack).probabilities, params.albumCoherence, params.siblingWeight);
    own.set(i, part);
    addInto(evidence, part);
  }
  return { evidence, counts: countLabels(members, input.labels, input.classCount), own };
}

export function predictContext(input: ContextInput, params: ContextParams): ContextTrack[] {
  const audio =
    input.audio ??
    predictFewShot(input.points, input.labels, input.classCount, params, input.scale ?? neighbourScale(input.points));
  const out = new Array<ContextTrack>(input.points.length);
  const { groups } = input;
  for (const members of groups.albumMembers) {
    const totals = albumTotals(members, input, audio, params);
    for (const i of members) {
      const label = input.labels[i] as number;
      const albumLabels = Int32Array.from(totals.counts);
      if (label >= 0) albumLabels[label] = (albumLabels[label] as number) - 1;
      const evidence = Float64Array.from(totals.evidence);
      addInto(evidence, totals.own.get(i) as Float64Array, -1);
      const albumMixed = isMixed(albumLabels);
      const albumFactor = members.length > 1 && !albumMixed ? groupFactor(evidence, params.albumCoherence) : null;
      const artistLabels = labelsOnOtherAlbums(i, input);
      const artistFactor = countsFactor(artistLabels, params.artistCoherence);
      const track = audio[i] as FewShotTrack;
      const logits = logAudio(track.probabilities);
      if (albumFactor) addInto(logits, albumFactor.map(Math.log));
      if (artistFactor) addInto(logits, artistFactor.map(Math.log));
      out[i] = {
        probabilities: softmax(logits),
        audio: track,
        albumFactor,
        artistFactor,
        albumLabels,
        artistLabels,
        albumMixed,
      };
    }
  }
  return out;
}
