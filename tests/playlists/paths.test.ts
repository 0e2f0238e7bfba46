import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fileUri, lineSafeLocation, playlistLocation } from '../../core/playlists/paths.js';

describe('playlistLocation (posix)', () => {
  it('is relative to the playlist folder, down and up', () => {
    expect(playlistLocation('/music', '/music/Artist/a.mp3', path.posix)).toBe('Artist/a.mp3');
    expect(playlistLocation('/music/Playlists', '/music/Artist/a.mp3', path.posix)).toBe('../Artist/a.mp3');
    expect(playlistLocation('/home/u/lists', '/mnt/nas/a.mp3', path.posix)).toBe('../../../mnt/nas/a.mp3');
  });

  it('leaves backslashes alone: on posix they are part of a file name', () => {
    expect(playlistLocation('/music', '/music/AC\\DC.mp3', path.posix)).toBe('AC\\DC.mp3');
  });
});

describe('playlistLocation (Windows)', () => {
  it('is relative with forward slashes on the same drive, whatever the drive letter case', () => {
    expect(playlistLocation('C:\\Music\\Playlists', 'C:\\Music\\Artist\\a.mp3', path.win32)).toBe('../Artist/a.mp3');
    expect(playlistLocation('c:\\music', 'C:\\Music\\Artist\\a.mp3', path.win32)).toBe('Artist/a.mp3');
  });

  it('is absolute with forward slashes on another drive or share', () => {
    expect(playlistLocation('C:\\Playlists', 'D:\\Music\\a.mp3', path.win32)).toBe('D:/Music/a.mp3');
    expect(playlistLocation('C:\\Playlists', '\\\\nas\\music\\a.mp3', path.win32)).toBe('//nas/music/a.mp3');
  });

  it('is relative within one UNC share and absolute across shares', () => {
    expect(playlistLocation('\\\\nas\\music\\lists', '\\\\NAS\\Music\\x\\a.mp3', path.win32)).toBe('../x/a.mp3');
    expect(playlistLocation('\\\\nas\\music\\lists', '\\\\nas\\video\\a.mp3', path.win32)).toBe('//nas/video/a.mp3');
  });
});

describe('lineSafeLocation', () => {
  it('protects a leading # from being read as an M3U comment', () => {
    expect(lineSafeLocation('/music', '/music/#1 hit.mp3', path.posix)).toBe('./#1 hit.mp3');
    expect(lineSafeLocation('/music', '/music/a/#1 hit.mp3', path.posix)).toBe('a/#1 hit.mp3');
  });

  it('uses a file URI for a name with a line break', () => {
    expect(lineSafeLocation('/music', '/music/a\rb.mp3', path.posix)).toBe('file:///music/a%0Db.mp3');
  });
});

describe('fileUri', () => {
  it('percent-encodes everything but unreserved characters and separators', () => {
    expect(fileUri('/music/A & B/#1 50% (live) [x]?.mp3', path.posix)).toBe(
      'file:///music/A%20%26%20B/%231%2050%25%20%28live%29%20%5Bx%5D%3F.mp3',
    );
    expect(fileUri('/m/Sigur Rós/Ágætis byrjun/日本語 🎸.ogg', path.posix)).toBe(
      'file:///m/Sigur%20R%C3%B3s/%C3%81g%C3%A6tis%20byrjun/%E6%97%A5%E6%9C%AC%E8%AA%9E%20%F0%9F%8E%B8.ogg',
    );
  });

  it("decodes back to the same path with Node's own URL parser", () => {
    for (const p of ['/tmp/a & b/#c%20d.mp3', '/tmp/Ünïcode ✓/x+y=z;,.flac', "/tmp/it's ~/@home:1/a.ogg"]) {
      const uri = fileUri(p, path.posix);
      expect(fileURLToPath(uri)).toBe(p);
      expect(fileURLToPath(uri)).toBe(fileURLToPath(pathToFileURL(p)));
    }
  });

  it('writes Windows drive, UNC and long-path forms per RFC 8089', () => {
    expect(fileUri('C:\\Music\\Björk\\a b.mp3', path.win32)).toBe('file:///C:/Music/Bj%C3%B6rk/a%20b.mp3');
    expect(fileUri('\\\\nas\\music\\a#b.mp3', path.win32)).toBe('file://nas/music/a%23b.mp3');
    expect(fileUri('\\\\?\\C:\\Very\\long.mp3', path.win32)).toBe('file:///C:/Very/long.mp3');
    expect(fileUri('\\\\?\\UNC\\nas\\music\\a.mp3', path.win32)).toBe('file://nas/music/a.mp3');
  });

  it('never throws on a lone surrogate (a possible Windows file name)', () => {
    expect(fileUri('/m/bad\uD800name.mp3', path.posix)).toBe('file:///m/bad%EF%BF%BDname.mp3');
  });
});
