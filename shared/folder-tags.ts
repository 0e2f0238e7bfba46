/**
 * Artist and album for a file without tags, from where it lies: …/Artist/Album/track.mp3. Only
 * folders below a library folder count (the library folder's own name says nothing about the
 * music), so a file directly in it gets neither, and one a level down gets an album only. The
 * table shows these names and sorts by them (core/review/track-list.ts), so both use this one
 * function.
 */
export function folderArtistAlbum(
  path: string,
  libraryFolders: readonly string[],
): { readonly artist: string | null; readonly album: string | null } {
  const norm = (p: string): string => p.replace(/\\/g, '/').replace(/\/+$/, '');
  const file = norm(path);
  const root = libraryFolders
    .map(norm)
    .filter((r) => file.startsWith(`${r}/`))
    .sort((a, b) => b.length - a.length)[0];
  if (root === undefined) return { artist: null, album: null };
  const folders = file
    .slice(root.length + 1)
    .split('/')
    .slice(0, -1);
  const album = folders.at(-1) ?? null;
  const artist = folders.length >= 2 ? (folders.at(-2) ?? null) : null;
  return { artist, album };
}

/** The file's name, as the table shows it for a track without a title tag. */
export function fileNameOf(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i >= 0 ? path.slice(i + 1) : path;
}
