import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command, CommandContext } from '../command.js';
import { flagOption, numberOption, stringOption } from '../command.js';
import { UsageError } from '../errors.js';
import { DB_HELP, DB_OPTION, openLibraryFromArgs } from '../library-option.js';
import { forkWorkerSpawner } from '../../analysis/fork-spawner.js';
import { startHttpServer } from '../../server/http-server.js';
import { NonLoopbackBindError } from '../../server/loopback.js';
import { loadOrCreateToken } from '../../server/token.js';
import { resolveDbPath } from '../../library/paths.js';
import { chooseFfmpeg } from '../../analysis/decode/choose-ffmpeg.js';
import { createApiService } from '../../service/api-service.js';

/** The token stored beside the library, made anew when asked or when the stored one is unusable. */
function tokenFor(dbPath: string, renew: boolean, ctx: CommandContext): string {
  const stored = loadOrCreateToken(dbPath, { renew });
  if (stored.renewed && stored.renewed !== 'first start')
    ctx.stderr.write(`genrewise serve: new token (${stored.renewed}); old links no longer work\n`);
  return stored.token;
}

/** dist/renderer, built by `npm run build` beside dist/node. */
export function defaultUiDir(): string {
  return fileURLToPath(new URL('../../../../renderer/', import.meta.url));
}

export const serveCommand: Command = {
  name: 'serve',
  help: `Usage: genrewise serve [--db P] [--port N] [--host H] [--new-token] [--ffmpeg PATH]

Serves the same UI as the desktop app, and its API under /api/, on loopback only (127.0.0.1 by
default; ::1 or localhost also allowed). Every request needs the token printed in the URL, like
Jupyter; requests without it get 401. The token is kept beside the database (<db>.token, readable
by you only), so the link stays the same across restarts. Only pages served by this server may
call the API. To reach a library on a NAS, tunnel the port (ssh -L 8484:127.0.0.1:8484 nas)
rather than exposing it. Ctrl-C stops the server.

  --port N       port (default: a free one)
  --host H       loopback address to bind (default 127.0.0.1)
  --new-token    make a new token: every old link and bookmark stops working
  --ffmpeg PATH  use this ffmpeg for analysis from now on (checked to be an ffmpeg; the web UI
                 cannot change it); --ffmpeg default goes back to the bundled one
  Set GENREWISE_TOKEN to choose the token instead (at least 16 characters; not stored).
${DB_HELP}`,
  options: {
    ...DB_OPTION,
    port: { type: 'string' },
    host: { type: 'string' },
    'new-token': { type: 'boolean' },
    ffmpeg: { type: 'string' },
  },
  async run(args, ctx) {
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument ${args.positionals[0]}`);
    const port = numberOption(args, 'port', (n) => Number.isInteger(n) && n >= 0 && n <= 65535);
    const host = stringOption(args, 'host') ?? '127.0.0.1';
    const fromEnv = ctx.env.GENREWISE_TOKEN;
    if (fromEnv !== undefined && fromEnv.length < 16)
      throw new UsageError('GENREWISE_TOKEN must be at least 16 characters');
    const ffmpeg = stringOption(args, 'ffmpeg');
    const staticDir = defaultUiDir();
    if (!existsSync(staticDir))
      ctx.stderr.write('genrewise serve: the UI is not built (npm run build); serving the API only\n');
    const db = openLibraryFromArgs(args, ctx);
    let token: string;
    try {
      if (ffmpeg !== undefined) chooseFfmpeg(db, ffmpeg === 'default' ? null : ffmpeg, ctx.env);
      token = fromEnv ?? tokenFor(resolveDbPath(stringOption(args, 'db'), ctx.env), flagOption(args, 'new-token'), ctx);
    } catch (err) {
      db.close();
      throw err;
    }
    const service = createApiService({
      db,
      spawnWorker: forkWorkerSpawner(),
      mediaUrl: (id) => `/media/${id}`,
      env: ctx.env,
    });
    let server;
    try {
      server = await startHttpServer({
        service,
        token,
        host,
        ...(port !== undefined && { port }),
        ...(existsSync(staticDir) && { staticDir }),
      });
    } catch (err) {
      await service.close();
      db.close();
      if (err instanceof NonLoopbackBindError) throw new UsageError(err.message);
      throw err;
    }
    ctx.stdout.write(`Genrewise is serving your library at:\n  ${server.url}\n`);
    await new Promise<void>((resolve) => {
      if (ctx.signal.aborted) resolve();
      ctx.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    ctx.stderr.write('genrewise serve: stopping\n');
    await server.close();
    await service.close();
    db.close();
    return 0;
  },
};
