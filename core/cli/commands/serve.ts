import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from '../command.js';
import { numberOption, stringOption } from '../command.js';
import { UsageError } from '../errors.js';
import { DB_HELP, DB_OPTION, openLibraryFromArgs } from '../library-option.js';
import { forkWorkerSpawner } from '../../analysis/fork-spawner.js';
import { startHttpServer } from '../../server/http-server.js';
import { NonLoopbackBindError } from '../../server/loopback.js';
import { newToken } from '../../server/token.js';
import { createApiService } from '../../service/api-service.js';

/** dist/renderer, built by `npm run build` beside dist/node. */
export function defaultUiDir(): string {
  return fileURLToPath(new URL('../../../../renderer/', import.meta.url));
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'serve the Genrewise UI and API to a browser on this machine',
  help: `Usage: genrewise serve [--db P] [--port N] [--host H]

Serves the same UI as the desktop app, and its API under /api/, on loopback only (127.0.0.1 by
default; ::1 or localhost also allowed). Every request needs the random token printed in the
URL, like Jupyter; requests without it get 401. To reach a library on a NAS, tunnel the port
(ssh -L 8484:127.0.0.1:8484 nas) rather than exposing it. Ctrl-C stops the server.

  --port N     port (default: a free one)
  --host H     loopback address to bind (default 127.0.0.1)
  Set GENREWISE_TOKEN to choose the token (at least 16 characters).
${DB_HELP}`,
  options: { ...DB_OPTION, port: { type: 'string' }, host: { type: 'string' } },
  async run(args, ctx) {
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument ${args.positionals[0]}`);
    const port = numberOption(args, 'port', (n) => Number.isInteger(n) && n >= 0 && n <= 65535);
    const host = stringOption(args, 'host') ?? '127.0.0.1';
    const token = ctx.env.GENREWISE_TOKEN ?? newToken();
    if (token.length < 16) throw new UsageError('GENREWISE_TOKEN must be at least 16 characters');
    const staticDir = defaultUiDir();
    if (!existsSync(staticDir))
      ctx.stderr.write('genrewise serve: the UI is not built (npm run build); serving the API only\n');
    const db = openLibraryFromArgs(args, ctx);
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
