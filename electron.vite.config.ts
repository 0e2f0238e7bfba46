import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { prebuiltKernels } from './scripts/prebuilt-kernels.js';

// The app build. The same renderer is also built on its own by renderer/vite.config.ts for
// `genrewise serve`, which needs no Electron at all.
export default defineConfig({
  main: {
    // The analysis worker compiles the feature kernels from these bytes (wasm/runtime.ts).
    define: { __GENREWISE_PREBUILT_KERNELS__: JSON.stringify(await prebuiltKernels(import.meta.dirname)) },
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, 'electron/main/index.ts'),
          // The analysis worker runs in a utilityProcess; it is the same module the CLI forks.
          'analysis-worker': resolve(import.meta.dirname, 'core/analysis/worker.ts'),
          // The scanner's tag-parsing threads.
          'tag-reader-worker': resolve(import.meta.dirname, 'core/library/tag-reader-worker.ts'),
          // The small process each analysis worker starts its ffmpegs from (decode/launched-ffmpeg.ts).
          'launcher-process': resolve(import.meta.dirname, 'core/analysis/decode/launcher-process.ts'),
          // Worker threads of learning (fit-pool.ts) and of the library map's PCA (pca-thread.ts);
          // without them beside the main bundle both run in place, on the main thread.
          'fit-worker': resolve(import.meta.dirname, 'core/learning/fit-worker.ts'),
          'pca-worker': resolve(import.meta.dirname, 'core/similarity/pca-worker.ts'),
          // The file errors' read-only thread (library-errors.ts); without it the list reads in place.
          'library-errors-worker': resolve(import.meta.dirname, 'core/service/library-errors-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'electron/preload/index.ts') },
        // Sandboxed preloads cannot be ES modules.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(import.meta.dirname, 'out/renderer'),
      rollupOptions: { input: resolve(import.meta.dirname, 'renderer/index.html') },
    },
  },
});
