/**
 * The processes a `genrewise analyze` run starts, the analysis workers and the ffmpeg launcher, each
 * bundled into one file by `npm run build` (scripts/bundle-node.js writes dist/node/bundles). A
 * bundle starts ~35–55 ms of CPU sooner than the same code as ~40 separate ES modules, most of
 * which went to resolving and loading them one by one; a run of eight tracks starts three such
 * processes. The desktop app's bundles (electron-vite, out/main) are made the same way already.
 *
 * Looked up from where this module is compiled to, dist/node/core/analysis: `dist/node/bundles`.
 * Anywhere else (the TypeScript sources under vitest, or inside a bundle, where that path leads
 * nowhere) there is none, and callers use the module beside them, as before.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const BUNDLES = new URL('../../bundles/', import.meta.url);

/** The bundled script `name` (e.g. 'analysis-worker.js') when the build made one, else undefined. */
export function bundledScript(name: string): string | undefined {
  const path = fileURLToPath(new URL(name, BUNDLES));
  return existsSync(path) ? path : undefined;
}
