import type { PlaylistExportOptions, PlaylistExportResult } from '../../shared/api/types.js';
import { exportLibraryPlaylists } from '../playlists/export.js';
import type { ServiceContext } from './context.js';
import type { ApiHandlers } from './types.js';

/** The playlists area: one playlist per genre, exported to a folder. */

function exportPlaylists(ctx: ServiceContext, params: PlaylistExportOptions): PlaylistExportResult {
  const result = exportLibraryPlaylists(ctx.db, {
    out: params.out,
    format: params.format,
    source: params.source,
    ...(params.minConfidence !== undefined && { minConfidence: params.minConfidence }),
  });
  return {
    out: result.out,
    format: result.format,
    playlists: result.playlists,
    skipped: result.skipped,
    removed: result.removed,
  };
}

export function playlistsHandlers(ctx: ServiceContext): Pick<ApiHandlers, 'playlists.export'> {
  return { 'playlists.export': async (params) => exportPlaylists(ctx, params) };
}
