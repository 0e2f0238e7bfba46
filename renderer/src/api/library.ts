import type {
  FileError,
  FolderListing,
  LibraryStats,
  RootInfo,
  TrackDetail,
  TrackPage,
  TrackQuery,
} from '../../../shared/api/types';
import { client } from './transport';

export function queryTracks(query: TrackQuery): Promise<TrackPage> {
  return client().call('tracks.query', query);
}

export function getTrack(id: number): Promise<TrackDetail> {
  return client().call('tracks.get', { id });
}

export function libraryStats(): Promise<LibraryStats> {
  return client().call('library.stats', {});
}

export function libraryErrors(limit?: number): Promise<FileError[]> {
  return client().call('library.errors', limit === undefined ? {} : { limit });
}

export function listRoots(): Promise<RootInfo[]> {
  return client().call('roots.list', {});
}

export function addRoot(path: string): Promise<RootInfo> {
  return client().call('roots.add', { path });
}

export function removeRoot(id: number): Promise<{ removed: boolean }> {
  return client().call('roots.remove', { id });
}

/** One level of the server's folder browser (home folder and mounted drives only). */
export function listFolders(path?: string): Promise<FolderListing> {
  return client().call('folders.list', path === undefined ? {} : { path });
}
