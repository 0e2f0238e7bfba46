import { describe, expect, it } from 'vitest';
import { predictContext, type ContextParams } from '../../core/learning/context-model.js';
import {
  calibrationTracks,
  confidenceCeiling,
  heldOutScore,
  contextOodReference,
  contextOodScore,
} from '../../core/learning/context-calibration.js';
import { explainContext } from '../../core/learning/context-reasons.js';
import { albumKey, albumKeyFolder, artistKey, groupTracks } from '../../core/learning/track-groups.js';

const PARAMS: ContextParams = {
  neighbours: 1,
  bandwidth: 1,
  albumCoherence: 0.9,
  siblingWeight: 0,
  artistCoherence: 0.8,
};

/** Points on a line; genre A near 0, genre B near 10; track 2 (x = 5) is ambiguous by sound. */
function library(
  albums: readonly string[],
  labels: readonly number[],
  xs: readonly number[],
  artists?: readonly string[],
) {
  const tracks = albums.map((album, i) => ({
    path: `/m/${album}/${i}.mp3`,
    album,
    albumArtist: null,
    artist: artists?.[i] ?? 'X',
  }));
  return {
    points: xs.map((x) => Float64Array.from([x])),
    labels: Int32Array.from(labels),
    classCount: 2,
    groups: groupTracks(tracks),
    scale: 1,
  };
}

describe('library-context model', () => {
  it('groups by album tag and album artist, else by folder; artist is the album artist, else the artist', () => {
    const base = { path: '/m/a/1.mp3', album: ' Greatest  Hits', albumArtist: null, artist: 'ABBA' };
    expect(albumKey(base)).toBe('album:abba␟greatest hits');
    expect(albumKey({ ...base, album: '' })).toBe('folder:/m/a␟abba');
    expect(albumKey({ ...base, album: '', artist: ' ' })).toBe('folder:/m/a');
    expect(albumKeyFolder('folder:/m/a␟abba')).toBe('/m/a');
    expect(albumKeyFolder('album:abba␟live')).toBeNull();
    expect(albumKey({ ...base, albumArtist: 'Various Artists' })).toBe('album:various artists␟greatest hits');
    expect(artistKey({ ...base, artist: null })).toBeNull();
    // A folder of loose files: one group per artist in it.
    const g = groupTracks([
      base,
      { ...base, path: '/m/b/2.mp3' },
      { ...base, album: null },
      { ...base, album: null, artist: 'Björk', path: '/m/a/3.mp3' },
    ]);
    expect(Array.from(g.album)).toEqual([0, 0, 1, 2]);
    expect(g.albumMembers).toEqual([[0, 1], [2], [3]]);
  });

  it("lets an album's labelled tracks decide a track its sound leaves open", () => {
    // Tracks 0, 1 on album "b" are labelled B (x = 10, 11); track 2 (x = 5, halfway) is on "b" too;
    // track 3 labels A at x = 0 on another album.
    const lib = library(['b', 'b', 'b', 'a'], [1, 1, -1, 0], [10, 11, 5, 0]);
    const out = predictContext(lib, { ...PARAMS, artistCoherence: 0 });
    const t = out[2];
    expect(t?.audio.probabilities[0]).toBeCloseTo(0.5, 12); // d² 25 both ways
    expect(Array.from(t?.albumLabels ?? [])).toEqual([0, 2]);
    // Album factor: evidence 2·log(0.95) vs 2·log(0.05) → P(B) = 0.9025/0.905; f = 0.9·P + 0.05.
    const pB = 0.9025 / 0.905;
    const fB = 0.9 * pB + 0.05;
    const fA = 0.9 * (1 - pB) + 0.05;
    expect(t?.probabilities[1]).toBeCloseTo(fB / (fA + fB), 12);
    expect(
      explainContext(2, t!, Array.from(t!.probabilities), null, {
        genres: ['Ambient', 'Metal'],
        labels: lib.labels,
        sources: ['decision', 'tag', null, 'decision'],
        groups: lib.groups,
      }),
    ).toBe('2 tracks of this album are decided or tagged Metal');
  });

  it('keeps an album whose labelled tracks disagree per track', () => {
    const lib = library(['m', 'm', 'm'], [0, 1, -1], [0, 10, 4]);
    const t = predictContext(lib, PARAMS)[2];
    expect(t?.albumMixed).toBe(true);
    expect(t?.albumFactor).toBeNull();
    expect(t?.probabilities[0]).toBeCloseTo(t?.audio.probabilities[0] ?? Number.NaN, 12);
  });

  it("counts an artist's labels on other albums, never its own album's twice", () => {
    const lib = library(['x', 'y', 'y'], [1, -1, -1], [10, 5, 5], ['Z', 'Z', 'Z']);
    const out = predictContext(lib, { ...PARAMS, albumCoherence: 0.5 });
    expect(Array.from(out[1]?.artistLabels ?? [])).toEqual([0, 1]);
    expect(Array.from(out[0]?.artistLabels ?? [])).toEqual([0, 0]);
    expect(out[1]?.artistFactor?.[1]).toBeGreaterThan(0.5);
  });

  it('caps the confidence of a model taught by a handful of decisions at its left-out accuracy', () => {
    // Labels 0, 0 (x = 0, 1) and 1, 1 (x = 10, 11): each left-out label is predicted right.
    const lib = library(['a', 'b', 'c', 'd', 'e'], [0, 0, 1, 1, -1], [0, 1, 10, 11, 5]);
    const out = predictContext(lib, PARAMS);
    expect(confidenceCeiling(out, lib.labels)).toBe((4 + 1) / (4 + 2));
    expect(confidenceCeiling(out, Int32Array.from([0, -1, 1, -1, -1]))).toBe(0.5);
    const many = Int32Array.from({ length: 40 }, (_, i) => i % 2);
    expect(confidenceCeiling(new Array(40).fill(out[0]), many)).toBe(1);
  });

  it('scores itself on the labels it can get right with each left out ("Learn from my library")', () => {
    // x = 9 is labelled 0 but lies by the 1 at x = 10: left out, it is predicted 1. That lone 1
    // has no other label of its genre, so no left-out prediction could name it: not counted.
    const lib = library(['a', 'b', 'c', 'd', 'e'], [0, 0, 0, 1, -1], [0, 1, 9, 10, 5]);
    const out = predictContext(lib, { ...PARAMS, artistCoherence: 0 });
    expect(heldOutScore(out, lib.labels)).toEqual({ right: 2, n: 3 });
    expect(heldOutScore(out, Int32Array.from([0, -1, 1, -1, -1]))).toEqual({ right: 0, n: 0 });
  });

  it('calibrates on labelled tracks whose genre has another label; scores unfamiliarity against neighbouring albums', () => {
    expect(calibrationTracks(Int32Array.from([0, 0, 1, -1]))).toEqual([0, 1]);
    // Eleven one-track albums one apart, a twelfth far away: the 95th percentile of the nearest
    // other-album distance is 1, except the outlier's 90.
    const xs = [...Array.from({ length: 11 }, (_, i) => i), 100];
    const lib = library(
      xs.map((_, i) => `a${i}`),
      [0, ...new Array<number>(10).fill(-1), -1],
      xs,
    );
    const reference = contextOodReference(lib.points, lib.groups);
    expect(reference).toBeCloseTo(1 + 0.45 * 89, 9);
    const out = predictContext(lib, PARAMS);
    expect(contextOodScore(out[11]!, reference)).toBeCloseTo(100 / (1 + 0.45 * 89), 9);
  });
});
