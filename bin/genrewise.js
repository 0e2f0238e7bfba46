#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/node by `npm run build` (run by `npm install`).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const entry = fileURLToPath(new URL('../dist/node/core/cli/main.js', import.meta.url));
if (!existsSync(entry)) {
  process.stderr.write('genrewise: not built yet; run `npm install` (or `npm run build`) in the project folder\n');
  process.exit(2);
}
const { main } = await import(pathToFileURL(entry).href);
// `genrewise ls | head` closes the pipe early: the reader has what it wanted, not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
process.exitCode = await main(process.argv.slice(2));
