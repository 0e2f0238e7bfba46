import { describe, expect, it } from 'vitest';
import { teachingOrder, teachingPicks, type TeachingTrack } from '../../core/review/teaching-order.js';

function track(id: number, album: number, uncertainty: number, extra: Partial<TeachingTrack> = {}): TeachingTrack {
  return {
    id,
    album,
    artist: -1,
    uncertainty,
    candidate: true,
    unfamiliar: false,
    labelled: false,
    informed: false,
    ...extra,
  };
}

describe('teaching order', () => {
  it('asks first about the track whose answer settles the most, then moves to other albums', () => {
    // Album 0: ten fairly sure tracks (u 0.5); album 1: two very unsure ones (u 0.9); album 2: one.
    const tracks = [
      ...Array.from({ length: 10 }, (_, i) => track(i + 1, 0, 0.5)),
      track(11, 1, 0.9),
      track(12, 1, 0.9),
      track(13, 2, 0.95),
    ];
    const order = teachingOrder(tracks, { album: 0.9, artist: 0.5 }).map((i) => tracks[i]!.id);
    // value(album 0 track) = 0.5 + 0.9·4.5 = 4.55; album 1: 0.9 + 0.81 = 1.71; album 2: 0.95.
    expect(order.slice(0, 3)).toEqual([1, 11, 13]);
    // Then the rest by value: album 0's tracks now u 0.05 each (0.05 + 0.9·0.4 = 0.41), track 12 u 0.09 (0.09 + 0).
    expect(order[3]).toBe(2);
    expect(order).toHaveLength(13);
  });

  it("counts an artist's other albums at the artist share", () => {
    const tracks = [track(1, 0, 0.5, { artist: 0 }), track(2, 1, 0.5, { artist: 0 }), track(3, 2, 0.6, { artist: 1 })];
    // value(1) = 0.5 + 0.5·0.5 = 0.75 beats value(3) = 0.6.
    expect(teachingOrder(tracks, { album: 0.9, artist: 0.5 }).map((i) => tracks[i]!.id)).toEqual([1, 3, 2]);
  });

  it('treats the albums of labelled tracks as taught while predictions do not weigh the labels yet', () => {
    const tracks = [
      track(1, 0, 0, { labelled: true, candidate: false }),
      track(2, 0, 0.8),
      track(3, 0, 0.8),
      track(4, 1, 0.7),
    ];
    expect(teachingOrder(tracks, { album: 0.9, artist: 0.5 }).map((i) => tracks[i]!.id)).toEqual([4, 2, 3]);
    const informed = tracks.map((t) => ({ ...t, informed: true }));
    expect(teachingOrder(informed, { album: 0.9, artist: 0.5 }).map((i) => informed[i]!.id)).toEqual([2, 4, 3]);
  });

  it('breaks ties by confidence, unfamiliarity, then id', () => {
    const tracks = [track(5, 0, 0.4), track(3, 1, 0.4, { unfamiliar: true }), track(4, 2, 0.4)];
    expect(teachingOrder(tracks, { album: 0.9, artist: 0.5 }).map((i) => tracks[i]!.id)).toEqual([3, 4, 5]);
  });

  /** 600 tracks of 12 artists with 4 albums each, some albums without an artist; fixed pseudo-random values. */
  function library(): TeachingTrack[] {
    let seed = 7;
    const next = (): number => (seed = (seed * 48271) % 2147483647) / 2147483647;
    return Array.from({ length: 600 }, (_, i) => {
      const album = Math.floor(next() * 60);
      const labelled = next() < 0.05;
      return track(i + 1, album, labelled ? 0 : Math.round(next() * 20) / 20, {
        artist: album < 48 ? album % 12 : -1,
        labelled,
        candidate: !labelled && next() < 0.7,
        informed: next() < 0.2,
        unfamiliar: next() < 0.1,
      });
    });
  }

  it("is the picks sorted by their values at picking, then the tie order (review-order.ts's sort)", () => {
    const tracks = library();
    const settling = { album: 0.95, artist: 0.6 };
    const picks = [...teachingPicks(tracks, settling)];
    const sorted = [...picks].sort(
      (a, b) =>
        b.value - a.value ||
        tracks[b.index]!.uncertainty - tracks[a.index]!.uncertainty ||
        Number(tracks[b.index]!.unfamiliar) - Number(tracks[a.index]!.unfamiliar) ||
        tracks[a.index]!.id - tracks[b.index]!.id,
    );
    expect(sorted.map((p) => p.index)).toEqual(teachingOrder(tracks, settling));
    expect(picks).toHaveLength(tracks.filter((t) => t.candidate).length);
  });

  it("gives an artist's tracks computed alone the values they get among the whole library", () => {
    const tracks = library();
    const settling = { album: 0.95, artist: 0.6 };
    const whole = new Map([...teachingPicks(tracks, settling)].map((p) => [tracks[p.index]!.id, p.value]));
    const component = (t: TeachingTrack): string => (t.artist < 0 ? `album ${t.album}` : `artist ${t.artist}`);
    for (const key of new Set(tracks.map(component))) {
      const alone = tracks.filter((t) => component(t) === key);
      for (const p of teachingPicks(alone, settling)) expect(p.value).toBe(whole.get(alone[p.index]!.id));
    }
  });
});
