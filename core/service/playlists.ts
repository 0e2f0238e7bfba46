import type { PlaylistExportOptions, PlaylistExportResult } from '../../shared/api/types.js';
import { listRoots } from '../library/roots.js';
import { exportLibraryPlaylists } from '../playlists/export.js';
import { resolvePlaylistFolder } from '../playlists/output-path.js';
import { previewPlaylists } from '../playlists/preview.js';
import type { ServiceContext } from './context.js';
import type { ApiHandlers } from './types.js';

/** The playlists area: one playlist per genre, exported to a folder. */

function exportPlaylists(ctx: ServiceContext, params: PlaylistExportOptions): PlaylistExportResult {
  // A relative folder means the library folder, never the server's working directory.
  const out = resolvePlaylistFolder(
    params.out,
    listRoots(ctx.db).map((r) => r.path),
  );
  const result = exportLibraryPlaylists(ctx.db, {
    out,
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

export function playlistsHandlers(ctx: ServiceContext): Pick<ApiHandlers, 'playlists.export' | 'playlists.preview'> {
  return {
    'playlists.export': async (params) => exportPlaylists(ctx, params),
    'playlists.preview': async ({ source, minConfidence }) =>
      previewPlaylists(ctx.db, source, { ...(minConfidence !== undefined && { minConfidence }) }),
  };
}
