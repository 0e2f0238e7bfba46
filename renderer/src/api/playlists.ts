import type {
  PlaylistExportOptions,
  PlaylistExportResult,
  PlaylistPreview,
  PlaylistSource,
} from '../../../shared/api/types';
import { client } from './transport';

export function exportPlaylists(options: PlaylistExportOptions): Promise<PlaylistExportResult> {
  return client().call('playlists.export', options);
}

export function previewPlaylists(source: PlaylistSource, minConfidence?: number): Promise<PlaylistPreview> {
  return client().call('playlists.preview', minConfidence === undefined ? { source } : { source, minConfidence });
}
