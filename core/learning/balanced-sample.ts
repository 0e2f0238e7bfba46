import { seededRandom, shuffled } from '../model/random.js';

/**
 * libsvm's training time grows faster than the square of its rows, and its probability training
 * fits five more models inside; so on a big library a personal model is fitted on a capped
 * sample of the training tracks. The sample takes whole tracks, gives each genre an equal share
 * of the window budget (a genre with fewer windows than its share leaves the rest to the others),
 * and so also keeps a genre with thousands of tracks from drowning one with twenty.
 */

export interface SampledTrack {
  /** Class index. */
  readonly genre: number;
  readonly windows: { readonly length: number };
}

/**
 * A subset of `candidates` (indices into `tracks`) with at most `maxWindows` windows in all —
 * every candidate when they fit — ordered by genre, then index. Seeded: the same call gives the
 * same sample. A genre always keeps at least one track.
 */
export function balancedTrackSample(
  tracks: readonly SampledTrack[],
  candidates: readonly number[],
  maxWindows: number,
  seed: number,
): number[] {
  const byGenre = new Map<number, number[]>();
  let total = 0;
  for (const i of candidates) {
    const t = tracks[i] as SampledTrack;
    total += t.windows.length;
    const list = byGenre.get(t.genre) ?? [];
    list.push(i);
    byGenre.set(t.genre, list);
  }
  const genres = [...byGenre.keys()].sort((a, b) => a - b);
  const order = (indices: number[]): number[] =>
    indices.sort((a, b) => (tracks[a] as SampledTrack).genre - (tracks[b] as SampledTrack).genre || a - b);
  if (total <= maxWindows) return order([...candidates]);

  // Water-filling: the smallest genres take all they have, the rest share what is left equally.
  const windowsOf = (g: number): number =>
    (byGenre.get(g) ?? []).reduce((n, i) => n + (tracks[i] as SampledTrack).windows.length, 0);
  const budget = new Map<number, number>();
  let left = maxWindows;
  const bySize = [...genres].sort((a, b) => windowsOf(a) - windowsOf(b) || a - b);
  bySize.forEach((g, n) => {
    const share = Math.floor(left / (bySize.length - n));
    const take = Math.min(windowsOf(g), share);
    budget.set(g, take);
    left -= take;
  });

  const random = seededRandom(seed);
  const chosen: number[] = [];
  for (const g of genres) {
    let room = budget.get(g) ?? 0;
    let taken = 0;
    for (const i of shuffled(byGenre.get(g) ?? [], random)) {
      const size = (tracks[i] as SampledTrack).windows.length;
      if (size <= room || taken === 0) {
        chosen.push(i);
        room -= size;
        taken++;
      }
      if (room <= 0) break;
    }
  }
  return order(chosen);
}
