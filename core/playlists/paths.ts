import path from 'node:path';

/**
 * `path.posix` or `path.win32`. Everything here takes the flavour as a parameter so Windows
 * playlists can be tested on Linux; callers in the app pass nothing and get the host's.
 */
export type PathFlavor = path.PlatformPath;

const LINE_BREAK = /[\r\n]/;

/**
 * Where a playlist in `playlistDir` should point to reach `trackPath`: relative to the playlist
 * when both are on the same drive/share (so a music folder keeps working when it is moved or
 * mounted elsewhere), absolute otherwise. Always with forward slashes, which every player on
 * every platform reads, while backslashes mean nothing outside Windows.
 */
export function playlistLocation(playlistDir: string, trackPath: string, flavor: PathFlavor = path): string {
  const from = flavor.resolve(playlistDir);
  const to = flavor.resolve(trackPath);
  if (sameRoot(from, to, flavor)) {
    const relative = flavor.relative(from, to);
    if (!flavor.isAbsolute(relative)) return toForwardSlashes(relative, flavor);
  }
  return toForwardSlashes(to, flavor);
}

/**
 * A location that fits on one line of a line-based playlist (M3U, PLS). A file name with a line
 * break cannot be written as a path there, so such a track gets a file URI instead, in which the
 * break is percent-encoded. A relative path that starts with `#` would read as an M3U comment,
 * so it gets a leading `./`.
 */
export function lineSafeLocation(playlistDir: string, trackPath: string, flavor: PathFlavor = path): string {
  if (LINE_BREAK.test(trackPath)) return fileUri(trackPath, flavor);
  const location = playlistLocation(playlistDir, trackPath, flavor);
  return location.startsWith('#') ? `./${location}` : location;
}

/**
 * An absolute `file:` URI for a local path, percent-encoding every byte of the UTF-8 form except
 * RFC 3986's unreserved characters and the separators, so spaces, `#`, `?`, `&`, `%` and
 * non-ASCII names survive every URI parser. Windows drive paths become `file:///C:/…`, UNC
 * paths `file://server/share/…` (RFC 8089).
 */
export function fileUri(absolutePath: string, flavor: PathFlavor = path): string {
  const resolved = flavor.resolve(absolutePath);
  if (flavor.sep === '\\') return windowsFileUri(resolved);
  return `file://${encodePath(resolved)}`;
}

function windowsFileUri(resolved: string): string {
  // \\?\C:\x and \\?\UNC\server\share\x are the same files as C:\x and \\server\share\x.
  let plain = resolved;
  if (plain.startsWith('\\\\?\\UNC\\')) plain = `\\\\${plain.slice(8)}`;
  else if (plain.startsWith('\\\\?\\')) plain = plain.slice(4);
  const slashed = plain.replace(/\\/g, '/');
  if (slashed.startsWith('//')) {
    const [host = '', ...rest] = slashed.slice(2).split('/');
    return `file://${encodeSegment(host)}/${rest.map(encodeSegment).join('/')}`;
  }
  const drive = /^([A-Za-z]):(\/.*)?$/.exec(slashed);
  if (drive) return `file:///${drive[1]}:${encodePath(drive[2] ?? '/')}`;
  return `file:///${encodePath(slashed.replace(/^\/+/, ''))}`;
}

function encodePath(slashedPath: string): string {
  return slashedPath.split('/').map(encodeSegment).join('/');
}

function encodeSegment(segment: string): string {
  // encodeURIComponent leaves !'()* alone, which are legal in paths but not unreserved.
  return encodeURIComponent(wellFormed(segment)).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** A lone surrogate (possible in a Windows file name) becomes U+FFFD instead of making encodeURIComponent throw. */
function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}

function sameRoot(a: string, b: string, flavor: PathFlavor): boolean {
  const rootA = windowsRoot(a, flavor);
  const rootB = windowsRoot(b, flavor);
  return rootA === rootB;
}

/** Drive letters and UNC shares compare case-insensitively on Windows; posix has one root. */
function windowsRoot(p: string, flavor: PathFlavor): string {
  if (flavor.sep !== '\\') return '/';
  return flavor.parse(p).root.toLowerCase();
}

function toForwardSlashes(p: string, flavor: PathFlavor): string {
  return flavor.sep === '\\' ? p.replace(/\\/g, '/') : p;
}
