#!/usr/bin/env node
// Type-checks the Electron shell (electron/main, electron/preload). Electron's types ship inside
// the electron package, which npm drops where its binary cannot be downloaded; there the check is
// skipped with a message rather than failing the whole typecheck.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let hasElectronTypes = false;
try {
  hasElectronTypes = existsSync(require.resolve('electron/electron.d.ts'));
} catch {
  hasElectronTypes = false;
}
if (!hasElectronTypes) {
  console.warn('typecheck: electron package not installed; skipping electron/main and electron/preload');
  process.exit(0);
}
const tsc = require.resolve('typescript/bin/tsc');
const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.electron.json'], { stdio: 'inherit' });
process.exit(result.status ?? 1);
