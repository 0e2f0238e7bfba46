import type { FileError, LibraryStats, RootInfo, TrackDetail, TrackPage, TrackQuery } from '../../../shared/api/types';
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
