// The analysis kernels' WebAssembly bytes, prebuilt for the bundles of the analysis worker (the
// CLI's, scripts/bundle-node.js, and the desktop app's, electron.vite.config.ts): every kernel a
// window's analysis uses runs once here, from tsc's output in dist/node, on a synthetic 30 s window
// (core/analysis/window-kernels.ts), and every module built is returned as base64 by kernel key.
// The bundles define it as __GENREWISE_PREBUILT_KERNELS__ (core/analysis/features/wasm/runtime.ts),
// so a worker compiles those bytes instead of running the builders, and V8 optimising them, in
// every process.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * { [kernel key]: base64 module bytes } for every kernel a window's analysis uses, from the build
 * under `root` (the repository: the callers pass their own folder, since a bundled config's
 * import.meta.url is not where this file lies).
 */
export async function prebuiltKernels(root) {
  const core = join(root, 'dist/node/core');
  const kernels = join(core, 'analysis/window-kernels.js');
  if (!existsSync(kernels))
    throw new Error(`prebuilt kernels: ${kernels} is missing; run \`npm run build:node\` first`);
  const { runWindowKernels } = await import(pathToFileURL(kernels).href);
  const { kernelsBuiltHere } = await import(pathToFileURL(join(core, 'analysis/features/wasm/runtime.js')).href);
  runWindowKernels();
  const table = {};
  for (const [key, bytes] of kernelsBuiltHere()) table[key] = Buffer.from(bytes).toString('base64');
  return table;
}
