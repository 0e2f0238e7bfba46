import { describe, expect, it } from 'vitest';
import { teachingOrder, type TeachingTrack } from '../../core/review/teaching-order.js';

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
});
