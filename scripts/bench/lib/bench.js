// What the benchmarks share: loading the compiled core (dist/node; run `npm run build:node`
// first), reading `--name value` options, timing, a seeded random source and a temporary folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dist = new URL('../../../dist/node/', import.meta.url);

/** Imports a compiled module by its path below dist/node ('core/…' or 'shared/…'). */
export const load = (path) => import(new URL(path, dist).href);

/** The value after `--name` on the command line, or the fallback. */
export function stringArg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

/** The number after `--name` on the command line, or the fallback. */
export function numberArg(name, fallback) {
  const value = stringArg(name, undefined);
  return value === undefined ? fallback : Number(value);
}

/** Seconds since the performance.now() time t, as text with the given number of decimals. */
export const secondsSince = (t, digits = 3) => ((performance.now() - t) / 1000).toFixed(digits);

const { seededRandom: mulberry32 } = await load('core/model/random.js');

/** mulberry32 (the core's seeded generator) and Box–Muller from a seed: the same library on every run. */
export function seededRandom(seed) {
  const random = mulberry32(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(Math.max(random(), 1e-12))) * Math.cos(2 * Math.PI * random());
  return { random, gaussian };
}

/** Runs fn(dir) in a new temporary folder named after the benchmark, removed afterwards. */
export async function inTempDir(name, fn) {
  const dir = mkdtempSync(join(tmpdir(), `gw-bench-${name}-`));
  try {
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
