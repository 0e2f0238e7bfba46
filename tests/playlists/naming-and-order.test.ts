import { describe, expect, it } from 'vitest';
import { assignFileNames, safeFileBase } from '../../core/playlists/filenames.js';
import { groupByGenre } from '../../core/playlists/group.js';
import { removeAction, writeAction } from '../../core/playlists/ownership.js';
import { compareCodePoints, sortTracks } from '../../core/playlists/order.js';
import type { PlaylistTrack } from '../../core/playlists/types.js';

function track(path: string, fields: Partial<PlaylistTrack> = {}): PlaylistTrack {
  return { path, title: null, artist: null, album: null, discNo: null, trackNo: null, durationSec: null, ...fields };
}

describe('safeFileBase', () => {
  it('keeps ordinary names, including & # and non-ASCII', () => {
    expect(safeFileBase('Hip-Hop')).toBe('Hip-Hop');
    expect(safeFileBase('R&B #1 Música')).toBe('R&B #1 Música');
  });

  it('replaces characters Windows or posix forbid', () => {
    expect(safeFileBase('Rock/Pop')).toBe('Rock-Pop');
    expect(safeFileBase('Drum: Bass? *"<x>"|\\')).toBe('Drum- Bass- ---x----');
    expect(safeFileBase('tab\tand\nnewline')).toBe('tab and newline');
  });

  it('avoids hidden, trailing-dot, empty and reserved device names', () => {
    expect(safeFileBase('...And Justice')).toBe('And Justice');
    expect(safeFileBase('Misc. ')).toBe('Misc');
    expect(safeFileBase(' . ')).toBe('_');
    expect(safeFileBase('con')).toBe('con_');
    expect(safeFileBase('LPT1')).toBe('LPT1_');
    expect(safeFileBase('Console')).toBe('Console');
  });

  it('cuts very long names on a character boundary', () => {
    const base = safeFileBase('é'.repeat(300));
    expect(Buffer.byteLength(base)).toBe(200);
    expect(base).toBe('é'.repeat(100));
  });

  it('normalises to NFC so decomposed and composed spellings give one file name', () => {
    expect(safeFileBase('Mu\u0301sica')).toBe('Música');
  });
});

describe('assignFileNames', () => {
  it('numbers names that would clash, case-insensitively, first come first served', () => {
    expect(assignFileNames(['Rock/Pop', 'Rock:Pop', 'ROCK-POP', 'Jazz'], 'm3u8')).toEqual([
      'Rock-Pop.m3u8',
      'Rock-Pop (2).m3u8',
      'ROCK-POP (3).m3u8',
      'Jazz.m3u8',
    ]);
  });
});

describe('sortTracks', () => {
  it('orders by artist, album, disc, track, then title and path, case-insensitively', () => {
    const tracks = [
      track('/9', { artist: 'beta', album: 'A', discNo: 1, trackNo: 1 }),
      track('/8', { artist: 'Alpha', album: 'b', discNo: 2, trackNo: 1 }),
      track('/7', { artist: 'alpha', album: 'B', discNo: 1, trackNo: 10 }),
      track('/6', { artist: 'ALPHA', album: 'b', discNo: 1, trackNo: 2 }),
      track('/5', { artist: 'Alpha', album: 'a' }),
      track('/4', { artist: null, album: 'A', title: 'zzz' }),
      track('/3', { artist: 'Alpha', album: 'B', discNo: 1, trackNo: 2, title: 'Same' }),
      track('/2', { artist: '  ', title: 'aaa' }),
    ];
    expect(sortTracks(tracks).map((t) => t.path)).toEqual(['/5', '/3', '/6', '/7', '/8', '/9', '/4', '/2']);
  });

  it('is locale-independent: code-point order of the folded text, astral characters included', () => {
    const tracks = [
      track('/c', { artist: 'Zoë' }),
      track('/b', { artist: 'Åsa' }),
      track('/a', { artist: 'Zoe' }),
      track('/d', { artist: '𝄞 Clef' }),
    ];
    expect(sortTracks(tracks).map((t) => t.artist)).toEqual(['Zoe', 'Zoë', 'Åsa', '𝄞 Clef']);
    expect(compareCodePoints('\uFFFF', '𝄞')).toBeLessThan(0);
    expect(compareCodePoints('ab', 'abc')).toBeLessThan(0);
    expect(compareCodePoints('abc', 'ab')).toBeGreaterThan(0);
  });
});

describe('groupByGenre', () => {
  it('merges case variants under the most common spelling and lists each track once', () => {
    const a = track('/a', { artist: 'A' });
    const b = track('/b', { artist: 'B' });
    const c = track('/c', { artist: 'C' });
    const label = (name: string) => ({ genre: name, name });
    const playlists = groupByGenre([
      { track: c, labels: [label('hip-hop'), label('Jazz')] },
      { track: a, labels: [label('Hip-Hop'), label('hip-hop')] },
      { track: b, labels: [label('hip-hop'), label('  ')] },
    ]);
    expect(playlists.map((p) => [p.name, p.genre, p.tracks.map((t) => t.path)])).toEqual([
      ['hip-hop', 'hip-hop', ['/a', '/b', '/c']],
      ['Jazz', 'Jazz', ['/c']],
    ]);
  });

  it('breaks spelling ties by code point, so capitals win and scan order does not matter', () => {
    const x = track('/x');
    const y = track('/y');
    const one = groupByGenre([
      { track: x, labels: [{ genre: 'rock', name: 'rock' }] },
      { track: y, labels: [{ genre: 'Rock', name: 'Rock' }] },
    ]);
    const two = groupByGenre([
      { track: y, labels: [{ genre: 'Rock', name: 'Rock' }] },
      { track: x, labels: [{ genre: 'rock', name: 'rock' }] },
    ]);
    expect(one[0]?.name).toBe('Rock');
    expect(two).toEqual(one);
  });

  it('treats names one genre by the same rule as decisions and tags (spaces, dashes, case)', () => {
    // A typed "hip hop" and an accepted Hip-Hop are one genre everywhere else in the app.
    const playlists = groupByGenre([
      { track: track('/1'), labels: [{ genre: 'hiphop', name: 'Hip-Hop' }] },
      { track: track('/2'), labels: [{ genre: 'hip hop', name: 'hip hop' }] },
      { track: track('/3'), labels: [{ genre: 'hiphop', name: 'Hip-Hop' }] },
    ]);
    expect(playlists.map((p) => [p.name, p.tracks.length])).toEqual([['Hip-Hop', 3]]);
  });

  it('groups GTZAN ids by display name and keeps the id as the genre', () => {
    const playlists = groupByGenre([
      { track: track('/1'), labels: [{ genre: 'hiphop', name: 'Hip-Hop' }] },
      { track: track('/2'), labels: [{ genre: 'hiphop', name: 'Hip-Hop' }] },
      { track: track('/3'), labels: [{ genre: 'Hip-hop', name: 'Hip-hop' }] },
    ]);
    expect(playlists).toHaveLength(1);
    expect(playlists[0]).toMatchObject({ genre: 'hiphop', name: 'Hip-Hop' });
  });
});

describe('playlist ownership rule', () => {
  const ours = ['a'.repeat(64), 'b'.repeat(64)];
  const file = (hash: string) => ({ kind: 'file', hash }) as const;
  it('writes where nothing is or where our own content is, never over anything else', () => {
    expect(writeAction({ kind: 'missing' }, undefined, 'n')).toBe('write');
    expect(writeAction(file(ours[1] ?? ''), ours, 'n')).toBe('write');
    expect(writeAction(file('n'), undefined, 'n')).toBe('unchanged');
    expect(writeAction(file('n'), ours, 'n')).toBe('unchanged');
    expect(writeAction(file('user'), undefined, 'n')).toBe('skip-not-ours');
    expect(writeAction(file('user'), ours, 'n')).toBe('skip-edited');
    expect(writeAction({ kind: 'other' }, ours, 'n')).toBe('skip-not-a-file');
  });

  it("removes a now-empty genre's file only while it holds our content", () => {
    expect(removeAction(file(ours[0] ?? ''), ours)).toBe('remove');
    expect(removeAction(file('user'), ours)).toBe('keep-edited');
    expect(removeAction({ kind: 'missing' }, ours)).toBe('gone');
    expect(removeAction({ kind: 'other' }, ours)).toBe('keep-not-a-file');
  });
});
