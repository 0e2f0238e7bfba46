// The one derivation lives in shared/ so the table's sort (core/review/track-list.ts) orders by
// the same names the table shows.
export { folderArtistAlbum } from '../../../shared/folder-tags';
