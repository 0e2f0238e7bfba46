import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the app and the CLI keep the library by default, so both see the same data.
 * Electron's app.getPath('userData') is not used on purpose: it is not available to the CLI.
 */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  const home = env.HOME ?? env.USERPROFILE ?? homedir();
  if (platform === 'win32') {
    return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'genrewise');
  }
  if (platform === 'darwin') {
    return join(home, 'Library', 'Application Support', 'genrewise');
  }
  const xdg = env.XDG_DATA_HOME;
  return join(xdg && xdg.startsWith('/') ? xdg : join(home, '.local', 'share'), 'genrewise');
}

/** `--db PATH` wins, then `GENREWISE_DB`, then the platform's app-data folder. */
export function resolveDbPath(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit) return explicit;
  if (env.GENREWISE_DB) return env.GENREWISE_DB;
  return join(defaultDataDir(env), 'library.db');
}
