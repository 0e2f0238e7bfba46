import type {
  LibraryMap,
  SimilarExportOptions,
  SimilarExportResult,
  SimilarTracksResult,
} from '../../../shared/api/similarity';
import { client } from './transport';

export function similarTracks(id: number, n?: number): Promise<SimilarTracksResult> {
  return client().call('similar.tracks', n === undefined ? { id } : { id, n });
}

export function similarPath(id: number, n?: number): Promise<SimilarTracksResult> {
  return client().call('similar.path', n === undefined ? { id } : { id, n });
}

export function exportSimilarPath(options: SimilarExportOptions): Promise<SimilarExportResult> {
  return client().call('similar.export', options);
}

export function libraryMap(): Promise<LibraryMap> {
  return client().call('library.map', {});
}
