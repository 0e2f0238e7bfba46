import type { PlaylistExportOptions, PlaylistExportResult } from '../../../shared/api/types';
import { client } from './transport';

export function exportPlaylists(options: PlaylistExportOptions): Promise<PlaylistExportResult> {
  return client().call('playlists.export', options);
}
