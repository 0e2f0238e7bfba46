import { Readable } from 'node:stream';
import { protocol } from 'electron';
import { MEDIA_PROTOCOL } from '../../shared/api/preload-bridge.js';
import { MediaAccessError, openMedia } from '../../core/library/media.js';
import type { ApiService } from '../../core/service/types.js';

/** Must run before the app is ready: the preview player streams with fetch-style range requests. */
export function registerMediaScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: MEDIA_PROTOCOL, privileges: { standard: true, secure: true, stream: true, supportFetchAPI: true } },
  ]);
}

/**
 * `genrewise-media://track/<id>` streams a library file for the preview, with Range support, and
 * only files whose real path lies inside a library root (the service's check, shared with the
 * HTTP server's /media route).
 */
export function handleMediaProtocol(service: ApiService): void {
  protocol.handle(MEDIA_PROTOCOL, async (request) => {
    const url = new URL(request.url);
    const match = url.hostname === 'track' ? /^\/(\d+)$/.exec(url.pathname) : null;
    if (!match) return new Response('not found', { status: 404 });
    try {
      const real = await service.mediaPath(Number(match[1]));
      const media = await openMedia(real, request.headers.get('range') ?? undefined);
      // The body owns the open file: cancelling the web stream destroys it and closes the file.
      return new Response(Readable.toWeb(media.body) as ReadableStream, {
        status: media.status,
        headers: media.headers,
      });
    } catch (err) {
      if (err instanceof MediaAccessError) return new Response(err.message, { status: err.status });
      return new Response('error', { status: 500 });
    }
  });
}
