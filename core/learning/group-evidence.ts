import { softmax } from './few-shot.js';

/**
 * What a track's album (or artist) says about its genre, from a small generative model: the group
 * has one genre G; each of its tracks has genre G with probability ρ (the group's coherence) and
 * any genre uniformly otherwise. A labelled sibling with genre l is then evidence
 * P(l | G = h) = ρ·[l = h] + (1 − ρ)/K for G = h; an unlabelled sibling whose audio model says
 * a(h) is evidence ρ·a(h) + (1 − ρ)/K (a is a posterior under a uniform prior, so it is
 * proportional to the likelihood of the sibling's audio). Siblings of one album sound alike, so
 * their audio is not independent evidence: it is raised to a power w ≤ 1 (the effective share
 * of a sibling, chosen by cross-validation). With a uniform prior on G:
 *
 *   P(G = h | siblings) ∝ Π_labelled (ρ·[l = h] + (1 − ρ)/K) · Π_unlabelled (ρ·a(h) + (1 − ρ)/K)^w
 *
 * and the track's genre g, given the siblings, has the factor f(g) = ρ·P(G = g | siblings) +
 * (1 − ρ)/K, multiplied into its own audio posterior. A group without siblings gives a uniform
 * factor: no effect. A group whose labelled tracks disagree (no genre reaches MIN_AGREEMENT of them)
 * gives no factor either: the album "stays per-track", as a compilation or a genre-hopping
 * album should.
 */

/** Share of a group's labelled tracks the most common genre needs for the group to be pooled. */
export const MIN_AGREEMENT = 0.75;

/** True when the labelled counts show a group whose genre is not one: at least two labels and no genre with MIN_AGREEMENT of them. */
export function isMixed(labelCounts: ArrayLike<number>): boolean {
  let total = 0;
  let top = 0;
  for (let g = 0; g < labelCounts.length; g++) {
    total += labelCounts[g] as number;
    top = Math.max(top, labelCounts[g] as number);
  }
  return total >= 2 && top < MIN_AGREEMENT * total;
}

/** Log-evidence for each group genre h from one labelled track of class `label`. */
export function labelEvidence(label: number, classCount: number, coherence: number): Float64Array {
  const out = new Float64Array(classCount).fill(Math.log((1 - coherence) / classCount));
  out[label] = Math.log(coherence + (1 - coherence) / classCount);
  return out;
}

/** Log-evidence for each group genre h from one unlabelled track's audio posterior, raised to `weight`. */
export function audioEvidence(audio: ArrayLike<number>, coherence: number, weight: number): Float64Array {
  const out = new Float64Array(audio.length);
  for (let h = 0; h < audio.length; h++)
    out[h] = weight * Math.log(coherence * (audio[h] as number) + (1 - coherence) / audio.length);
  return out;
}

/**
 * The factor f(g) = ρ·P(G = g | evidence) + (1 − ρ)/K from the summed log-evidence of the
 * siblings (uniform when there is none).
 */
export function groupFactor(logEvidence: ArrayLike<number>, coherence: number): Float64Array {
  const posterior = softmax(logEvidence);
  const k = posterior.length;
  return posterior.map((p) => coherence * p + (1 - coherence) / k);
}

export function addInto(total: Float64Array, part: ArrayLike<number>, sign = 1): void {
  for (let g = 0; g < total.length; g++) total[g] = (total[g] as number) + sign * (part[g] as number);
}
