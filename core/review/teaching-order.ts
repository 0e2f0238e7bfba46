/**
 * The order of the review queue: first the track whose answer settles the most others. A
 * decision on track t tells the library-context model (learning/context-model.ts) t's genre and,
 * with probability ρ_album, its album siblings' too (ρ_artist for the artist's other albums). So
 * the uncertainty an answer is expected to remove is
 *
 *   value(t) = u_t + ρ_album · Σ_{s on t's album, s ≠ t} u_s + ρ_artist · Σ_{s by t's artist, other albums} u_s
 *
 * with u = 1 − the shown confidence of every undecided track. The queue is built greedily: take
 * the track of highest value, then count its album's uncertainty as settled (× (1 − ρ_album)) and
 * its artist's (× (1 − ρ_artist)) before choosing the next — the standard greedy for a coverage
 * objective, evaluated lazily because values only fall. So the first prompts cover different
 * albums and artists, largest and least certain first, instead of ten tracks of one album.
 * Tracks the user decided count as chosen before the first pick, for the siblings whose
 * prediction does not weigh the decisions yet (before the user has two genres, the default model's
 * confidence knows nothing of them); the library-context model's confidence already does. Tags
 * are not counted so: a library whose tags name two genres has context predictions everywhere.
 * Ties go to the less confident track, then the unfamiliar one, then the lower id (the old order).
 */

export interface TeachingTrack {
  /** 1 − shown confidence. */
  readonly uncertainty: number;
  /** Album group index (every track has one). */
  readonly album: number;
  /** Artist group index, −1 without an artist. */
  readonly artist: number;
  /** In the review queue (others only count as siblings). */
  readonly candidate: boolean;
  /** Decided by the user: its answer is known. */
  readonly labelled: boolean;
  /** Its prediction already weighs the labels (the library-context model's). */
  readonly informed: boolean;
  readonly unfamiliar: boolean;
  readonly id: number;
}

export interface Settling {
  /** Share of a sibling's uncertainty one answer on its album settles (ρ_album). */
  readonly album: number;
  /** Share for a track of the same artist on another album (ρ_artist). */
  readonly artist: number;
}

/** Tie order: less confident, unfamiliar, lower id. */
function before(a: TeachingTrack, b: TeachingTrack): number {
  return b.uncertainty - a.uncertainty || Number(b.unfamiliar) - Number(a.unfamiliar) || a.id - b.id;
}

/** Indices of the candidates in teaching order. */
export function teachingOrder(tracks: readonly TeachingTrack[], settling: Settling): number[] {
  return [...teachingOrderLazily(tracks, settling)];
}

/**
 * The same order, one pick at a time: the review screen asks for a page, and the greedy stops
 * there (the rest of 100,000 picks is computed only if the user pages that far).
 */
export function* teachingOrderLazily(tracks: readonly TeachingTrack[], settling: Settling): Generator<number> {
  for (const pick of teachingPicks(tracks, settling)) yield pick.index;
}

/** A candidate's place in the order: its index, and its value when the greedy picked it. */
export interface TeachingPick {
  readonly index: number;
  readonly value: number;
}

/**
 * The greedy's picks with their values at the time of picking. An answer settles only its own
 * album and artist, and a track's album names its artist, so tracks of different artists (or
 * artist-less albums) never change each other's values: the order is the picks of each such
 * component merged by value, then the tie order. As values only fall, each component's picks come
 * in that order already, so the whole order is its picks sorted by (value, tie order), and a
 * component can be recomputed alone (review-order.ts keeps it in a table that way).
 */
export function* teachingPicks(tracks: readonly TeachingTrack[], settling: Settling): Generator<TeachingPick> {
  const u = Float64Array.from(tracks, (t) => t.uncertainty);
  // Groups are dense numbers, so their sums and members live in arrays; an artist's album is a pair.
  const albums = 1 + tracks.reduce((max, t) => Math.max(max, t.album), -1);
  const artists = 1 + tracks.reduce((max, t) => Math.max(max, t.artist), -1);
  const albumOf = (i: number): number => (tracks[i] as TeachingTrack).album;
  const artistOf = (i: number): number => (tracks[i] as TeachingTrack).artist;
  const pairOf = (i: number): number => artistOf(i) * albums + albumOf(i);
  const albumSum = new Float64Array(albums);
  const artistSum = new Float64Array(artists);
  const pairSum = new Map<number, number>();
  const albumMembers: number[][] = Array.from({ length: albums }, () => []);
  const artistMembers: number[][] = Array.from({ length: artists }, () => []);
  tracks.forEach((t, i) => {
    const own = u[i] as number;
    albumSum[t.album] = (albumSum[t.album] as number) + own;
    (albumMembers[t.album] as number[]).push(i);
    if (t.artist < 0) return;
    artistSum[t.artist] = (artistSum[t.artist] as number) + own;
    pairSum.set(pairOf(i), (pairSum.get(pairOf(i)) ?? 0) + own);
    (artistMembers[t.artist] as number[]).push(i);
  });
  const value = (i: number): number => {
    const own = u[i] as number;
    const album = (albumSum[albumOf(i)] as number) - own;
    const a = artistOf(i);
    const others = a < 0 ? 0 : (artistSum[a] as number) - (pairSum.get(pairOf(i)) as number);
    return own + settling.album * album + settling.artist * others;
  };
  const scale = (i: number, factor: number): void => {
    const delta = (u[i] as number) * (factor - 1);
    u[i] = (u[i] as number) * factor;
    albumSum[albumOf(i)] = (albumSum[albumOf(i)] as number) + delta;
    const a = artistOf(i);
    if (a < 0) return;
    artistSum[a] = (artistSum[a] as number) + delta;
    pairSum.set(pairOf(i), (pairSum.get(pairOf(i)) as number) + delta);
  };

  const settle = (picked: number, onlyUninformed: boolean): void => {
    const album = albumOf(picked);
    const uninformed = (s: number): boolean => !onlyUninformed || !(tracks[s] as TeachingTrack).informed;
    for (const s of albumMembers[album] as number[]) {
      // A picked track's answer settles it; a labelled one may still be asked about (a tag the model doubts).
      if (s === picked) {
        if (!onlyUninformed) scale(s, 0);
      } else if (uninformed(s)) scale(s, 1 - settling.album);
    }
    const artist = artistOf(picked);
    for (const s of artist < 0 ? [] : (artistMembers[artist] as number[])) {
      if (albumOf(s) !== album && uninformed(s)) scale(s, 1 - settling.artist);
    }
  };
  tracks.forEach((t, i) => {
    if (t.labelled) settle(i, true);
  });

  const heap = new MaxHeap(
    (a, b) => a.value - b.value || before(tracks[b.index] as TeachingTrack, tracks[a.index] as TeachingTrack),
  );
  tracks.forEach((t, i) => {
    if (t.candidate) heap.push({ index: i, value: value(i) });
  });
  while (heap.size > 0) {
    const top = heap.pop() as Entry;
    const current = value(top.index);
    const next = heap.peek();
    // Values only fall; a stale entry is re-queued at its current value unless it still leads.
    if (next && current < top.value && heap.compare({ index: top.index, value: current }, next) < 0) {
      heap.push({ index: top.index, value: current });
      continue;
    }
    settle(top.index, false);
    yield { index: top.index, value: current };
  }
}

type Entry = TeachingPick;

/** A binary max-heap under `compare` (positive: the first is greater). */
class MaxHeap {
  private readonly items: Entry[] = [];
  constructor(readonly compare: (a: Entry, b: Entry) => number) {}

  get size(): number {
    return this.items.length;
  }

  peek(): Entry | undefined {
    return this.items[0];
  }

  push(entry: Entry): void {
    const items = this.items;
    items.push(entry);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.compare(items[i] as Entry, items[parent] as Entry) <= 0) break;
      [items[i], items[parent]] = [items[parent] as Entry, items[i] as Entry];
      i = parent;
    }
  }

  pop(): Entry | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let largest = i;
        if (l < items.length && this.compare(items[l] as Entry, items[largest] as Entry) > 0) largest = l;
        if (r < items.length && this.compare(items[r] as Entry, items[largest] as Entry) > 0) largest = r;
        if (largest === i) break;
        [items[i], items[largest]] = [items[largest] as Entry, items[i] as Entry];
        i = largest;
      }
    }
    return top;
  }
}
