#!/usr/bin/env node
// Bundles the Node processes a `genrewise analyze` run starts, from tsc's output (dist/node/core),
// into one file each in dist/node/bundles: the analysis worker and the ffmpeg launcher. Loading one
// file instead of ~40 ES modules saves each process ~35–55 ms of CPU at start (see
// core/analysis/bundles.ts, which finds them). Run by `npm run build:node` after tsc.
// Only onnxruntime-node stays outside (a native addon, loaded from node_modules as before);
// fft.js, a small CommonJS package, goes in.
// The feature kernels' WebAssembly bytes go in too, prebuilt (scripts/prebuilt-kernels.js).
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { prebuiltKernels } from './prebuilt-kernels.js';

const dist = fileURLToPath(new URL('../dist/node/', import.meta.url));
const outdir = `${dist}bundles`;
rmSync(outdir, { recursive: true, force: true });

await build({
  entryPoints: {
    'analysis-worker': `${dist}core/analysis/worker.js`,
    // Beside the worker under this name: the worker starts it from './launcher-process.js'.
    'launcher-process': `${dist}core/analysis/decode/launcher-process.js`,
  },
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['onnxruntime-node'],
  define: {
    __GENREWISE_PREBUILT_KERNELS__: JSON.stringify(
      await prebuiltKernels(fileURLToPath(new URL('..', import.meta.url))),
    ),
  },
  sourcemap: true,
  logLevel: 'warning',
});
