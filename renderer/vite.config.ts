import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const ROOT = import.meta.dirname;

/**
 * src/boot/boot.ts as a file of its own, loaded before the app's bundle: Vite would fold a second
 * module script of index.html into the bundle, where it runs only once all of it is parsed.
 */
function bootScript(): Plugin {
  return {
    name: 'genrewise-boot-script',
    apply: 'build',
    config: () => ({
      build: {
        rollupOptions: { input: { index: resolve(ROOT, 'index.html'), boot: resolve(ROOT, 'src/boot/boot.ts') } },
      },
    }),
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const boot = Object.values(ctx.bundle ?? {}).find((c) => c.type === 'chunk' && c.isEntry && c.name === 'boot');
        if (!boot) throw new Error('the boot script was not built');
        const tag = `<script type="module" crossorigin src="./${boot.fileName}"></script>`;
        if (!html.includes('<script type="module"')) throw new Error('index.html has no module script');
        return html.replace('<script type="module"', `${tag}\n    <script type="module"`);
      },
    },
  };
}

// The browser build of the UI, served by `genrewise serve` from dist/renderer.
export default defineConfig({
  root: ROOT,
  base: './',
  plugins: [react(), bootScript()],
  build: {
    outDir: resolve(ROOT, '../dist/renderer'),
    emptyOutDir: true,
    sourcemap: true,
  },
});
