// The feature kernels' WebAssembly bytes, prebuilt for the bundles of the analysis worker (the CLI's,
// scripts/bundle-node.js, and the desktop app's, electron.vite.config.ts): the extractor runs once
// here, from tsc's output in dist/node, on a synthetic 30 s window, and every kernel it built is
// returned as base64 by kernel key. The bundles define it as __GENREWISE_PREBUILT_KERNELS__
// (core/analysis/features/wasm/runtime.ts), so a worker compiles those bytes instead of running the
// builders, and V8 optimising them, in every process.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * { [kernel key]: base64 module bytes } for every kernel a window's extraction uses, from the build
 * under `root` (the repository: the callers pass their own folder, since a bundled config's
 * import.meta.url is not where this file lies).
 */
export async function prebuiltKernels(root) {
  const core = join(root, 'dist/node/core');
  const extract = join(core, 'analysis/features/extract.js');
  if (!existsSync(extract))
    throw new Error(`prebuilt kernels: ${extract} is missing; run \`npm run build:node\` first`);
  const { extractFeatures } = await import(pathToFileURL(extract).href);
  const { kernelsBuiltHere } = await import(pathToFileURL(join(core, 'analysis/features/wasm/runtime.js')).href);
  const y = new Float32Array(30 * 22050);
  for (let i = 0; i < y.length; i++) y[i] = 0.3 * Math.sin(i * 0.0627) + 0.05 * Math.sin(i * 1.37);
  extractFeatures(y);
  const table = {};
  for (const [key, bytes] of kernelsBuiltHere()) table[key] = Buffer.from(bytes).toString('base64');
  return table;
}
