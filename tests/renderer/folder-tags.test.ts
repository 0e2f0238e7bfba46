import { describe, expect, it } from 'vitest';
import { folderArtistAlbum } from '../../renderer/src/lib/folder-tags';

describe('artist and album from the folders of an untagged file', () => {
  it('reads …/Artist/Album/track below the library folder', () => {
    expect(folderArtistAlbum('/music/Velvet/Live 82/01.mp3', ['/music'])).toEqual({
      artist: 'Velvet',
      album: 'Live 82',
    });
    expect(folderArtistAlbum('/music/a/Velvet/Live 82/01.mp3', ['/music/'])).toEqual({
      artist: 'Velvet',
      album: 'Live 82',
    });
    expect(folderArtistAlbum('C:\\Music\\Velvet\\Live\\01.mp3', ['C:\\Music'])).toEqual({
      artist: 'Velvet',
      album: 'Live',
    });
  });

  it('never names the library folder itself', () => {
    expect(folderArtistAlbum('/music/01.mp3', ['/music'])).toEqual({ artist: null, album: null });
    expect(folderArtistAlbum('/music/Live/01.mp3', ['/music'])).toEqual({ artist: null, album: 'Live' });
    expect(folderArtistAlbum('/elsewhere/x/y/01.mp3', ['/music'])).toEqual({ artist: null, album: null });
    expect(folderArtistAlbum('/music-old/x/y/01.mp3', ['/music'])).toEqual({ artist: null, album: null });
  });
});
