import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { formatM3u8 } from '../../core/playlists/m3u8.js';
import { formatPls } from '../../core/playlists/pls.js';
import { formatXspf, escapeXml } from '../../core/playlists/xspf.js';
import type { GenrePlaylist, PlaylistTrack } from '../../core/playlists/types.js';

const DIR = '/music/Playlists';

function track(overrides: Partial<PlaylistTrack> & { path: string }): PlaylistTrack {
  return { title: null, artist: null, album: null, discNo: null, trackNo: null, durationSec: null, ...overrides };
}

const HIPHOP: GenrePlaylist = {
  genre: 'hiphop',
  name: 'Hip-Hop',
  tracks: [
    track({
      path: '/music/A & B/Live #1/01 Intro.mp3',
      title: 'Intro',
      artist: 'A & B',
      album: 'Live #1',
      trackNo: 1,
      durationSec: 61.4,
    }),
    track({
      path: '/music/Björk/Débüt/02 Human Behaviour.flac',
      title: 'Human Behaviour',
      artist: 'Björk',
      album: 'Débüt',
      discNo: 1,
      trackNo: 2,
      durationSec: 252.5,
    }),
    track({ path: '/music/Playlists/#hash start.ogg', title: null, artist: null, durationSec: null }),
    track({ path: '/other/100% <pure> "fun".opus', title: 'Fun <&> "x"', artist: "Who's", durationSec: 3.0004 }),
  ],
};

describe('M3U8', () => {
  it('writes extended M3U with relative, forward-slash locations', () => {
    expect(formatM3u8(HIPHOP, DIR, path.posix)).toBe(
      [
        '#EXTM3U',
        '#PLAYLIST:Hip-Hop',
        '#EXTINF:61,A & B - Intro',
        '../A & B/Live #1/01 Intro.mp3',
        '#EXTINF:253,Björk - Human Behaviour',
        '../Björk/Débüt/02 Human Behaviour.flac',
        '#EXTINF:-1,#hash start',
        './#hash start.ogg',
        '#EXTINF:3,Who\'s - Fun <&> "x"',
        '../../other/100% <pure> "fun".opus',
        '',
      ].join('\n'),
    );
  });

  it('keeps every entry on one line: line breaks in tags become spaces, in paths a file URI', () => {
    const playlist: GenrePlaylist = {
      genre: 'Rock',
      name: 'Rock',
      tracks: [track({ path: '/music/two\nlines.mp3', title: 'Line\r\nBreak', artist: 'Tab\tBand', durationSec: 10 })],
    };
    expect(formatM3u8(playlist, DIR, path.posix)).toBe(
      '#EXTM3U\n#PLAYLIST:Rock\n#EXTINF:10,Tab Band - Line Break\nfile:///music/two%0Alines.mp3\n',
    );
  });

  it('writes Windows paths with forward slashes, relative on the same drive and absolute across drives', () => {
    const playlist: GenrePlaylist = {
      genre: 'jazz',
      name: 'Jazz',
      tracks: [
        track({ path: 'C:\\Music\\Miles\\So What.mp3', title: 'So What', artist: 'Miles', durationSec: 545 }),
        track({ path: 'D:\\Archive\\Bill\\Peace.mp3', title: 'Peace', artist: 'Bill', durationSec: 400 }),
      ],
    };
    expect(formatM3u8(playlist, 'c:\\Music\\Playlists', path.win32)).toBe(
      '#EXTM3U\n#PLAYLIST:Jazz\n#EXTINF:545,Miles - So What\n../Miles/So What.mp3\n#EXTINF:400,Bill - Peace\nD:/Archive/Bill/Peace.mp3\n',
    );
  });
});

describe('PLS', () => {
  it('writes numbered File/Title/Length entries, then NumberOfEntries and Version=2', () => {
    expect(formatPls(HIPHOP, DIR, path.posix)).toBe(
      [
        '[playlist]',
        'File1=../A & B/Live #1/01 Intro.mp3',
        'Title1=A & B - Intro',
        'Length1=61',
        'File2=../Björk/Débüt/02 Human Behaviour.flac',
        'Title2=Björk - Human Behaviour',
        'Length2=253',
        'File3=./#hash start.ogg',
        'Title3=#hash start',
        'Length3=-1',
        'File4=../../other/100% <pure> "fun".opus',
        'Title4=Who\'s - Fun <&> "x"',
        'Length4=3',
        'NumberOfEntries=4',
        'Version=2',
        '',
      ].join('\n'),
    );
  });

  it('writes an empty list as a valid PLS', () => {
    expect(formatPls({ genre: 'x', name: 'X', tracks: [] }, DIR, path.posix)).toBe(
      '[playlist]\nNumberOfEntries=0\nVersion=2\n',
    );
  });
});

describe('XSPF', () => {
  const expected = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<playlist version="1" xmlns="http://xspf.org/ns/0/">',
    '  <title>Hip-Hop</title>',
    '  <trackList>',
    '    <track>',
    '      <location>file:///music/A%20%26%20B/Live%20%231/01%20Intro.mp3</location>',
    '      <title>Intro</title>',
    '      <creator>A &amp; B</creator>',
    '      <album>Live #1</album>',
    '      <trackNum>1</trackNum>',
    '      <duration>61400</duration>',
    '    </track>',
    '    <track>',
    '      <location>file:///music/Bj%C3%B6rk/D%C3%A9b%C3%BCt/02%20Human%20Behaviour.flac</location>',
    '      <title>Human Behaviour</title>',
    '      <creator>Björk</creator>',
    '      <album>Débüt</album>',
    '      <trackNum>2</trackNum>',
    '      <duration>252500</duration>',
    '    </track>',
    '    <track>',
    '      <location>file:///music/Playlists/%23hash%20start.ogg</location>',
    '    </track>',
    '    <track>',
    '      <location>file:///other/100%25%20%3Cpure%3E%20%22fun%22.opus</location>',
    '      <title>Fun &lt;&amp;&gt; &quot;x&quot;</title>',
    "      <creator>Who's</creator>",
    '      <duration>3000</duration>',
    '    </track>',
    '  </trackList>',
    '</playlist>',
    '',
  ].join('\n');

  it('writes XSPF 1 with percent-encoded file URIs and escaped text', () => {
    expect(formatXspf(HIPHOP, DIR, path.posix)).toBe(expected);
  });

  it('is well-formed XML whose values parse back to the tags', () => {
    const text = formatXspf(HIPHOP, DIR, path.posix);
    expect(XMLValidator.validate(text)).toBe(true);
    const doc = new XMLParser({
      ignoreAttributes: false,
      parseTagValue: false,
      isArray: (name) => name === 'track',
    }).parse(text) as {
      playlist: {
        '@_xmlns': string;
        '@_version': string;
        trackList: { track: { title?: string; creator?: string; location: string }[] };
      };
    };
    expect(doc.playlist['@_xmlns']).toBe('http://xspf.org/ns/0/');
    expect(doc.playlist['@_version']).toBe('1');
    const tracks = doc.playlist.trackList.track;
    expect(tracks.map((t) => t.title)).toEqual(['Intro', 'Human Behaviour', undefined, 'Fun <&> "x"']);
    expect(tracks.map((t) => t.creator)).toEqual(['A & B', 'Björk', undefined, "Who's"]);
    expect(tracks.map((t) => fileURLToPath(t.location))).toEqual([
      '/music/A & B/Live #1/01 Intro.mp3',
      '/music/Björk/Débüt/02 Human Behaviour.flac',
      '/music/Playlists/#hash start.ogg',
      '/other/100% <pure> "fun".opus',
    ]);
  });

  it('writes Windows drive and UNC paths as file URIs', () => {
    const playlist: GenrePlaylist = {
      genre: 'metal',
      name: 'Metal',
      tracks: [
        track({ path: 'C:\\Music\\Motörhead\\Ace of Spades.mp3' }),
        track({ path: '\\\\nas\\music\\Slayer\\Angel #1.mp3' }),
      ],
    };
    const text = formatXspf(playlist, 'C:\\Playlists', path.win32);
    expect(text).toContain('<location>file:///C:/Music/Mot%C3%B6rhead/Ace%20of%20Spades.mp3</location>');
    expect(text).toContain('<location>file://nas/music/Slayer/Angel%20%231.mp3</location>');
  });

  it('drops characters XML cannot carry and escapes markup', () => {
    expect(escapeXml('a\u0000b\u0007c\uFFFE d\uD800e & <f> "g"')).toBe('abc de &amp; &lt;f&gt; &quot;g&quot;');
    expect(escapeXml('emoji 🎸 kept')).toBe('emoji 🎸 kept');
  });
});
