#!/usr/bin/env node
// CPU seconds per 30 s window, by stage, for the whole 57-feature extractor (extractFeaturesTimed
// from the compiled dist/node; run `npm run build` first). CPU time, since wall clock on a shared
// machine mostly measures other processes. Uses the 15 GTZAN oracle clips when
// ../shared/data (or GENREWISE_DATA) is there, else 30 s of synthetic audio. One core, one clip
// at a time, after a warm-up pass. Target: ≤ 0.25 s per 30 s window per core.
//   npm run bench -- features [--runs N]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../../dist/node/core/analysis/', import.meta.url));
const { extractFeaturesTimed, EXTRACT_STAGES } = await import(join(dist, 'features/extract.js'));
const { readWav } = await import(join(dist, 'decode/wav.js'));

const runsArg = process.argv.indexOf('--runs');
const runs = runsArg >= 0 ? Number(process.argv[runsArg + 1]) : 3;
const SR = 22050;

function clips() {
  for (const dir of [process.env.GENREWISE_DATA, resolve(fileURLToPath(import.meta.url), '../../../../shared/data')]) {
    const audio = dir && join(dir, 'gtzan', 'audio');
    if (audio && existsSync(audio)) {
      return readdirSync(audio)
        .filter((f) => f.endsWith('.wav'))
        .sort()
        .map((f) => readWav(readFileSync(join(audio, f))).samples);
    }
  }
  // Deterministic stand-in: a tone, a noisy click every half second and a little noise.
  const y = new Float32Array(30 * SR);
  let seed = 1;
  for (let i = 0; i < y.length; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const noise = seed / 2147483648 - 0.5;
    y[i] = 0.3 * Math.sin(i * 0.0627) + (i % 11025 < 500 ? 0.5 * noise : 0) + 0.05 * noise;
  }
  return [y];
}

const list = clips();
for (const y of list) extractFeaturesTimed(y); // warm-up: JIT, cached filter banks
const totals = Object.fromEntries(EXTRACT_STAGES.map((s) => [s, 0]));
let windowSeconds = 0;
let wall = 0;
let cpu = 0;
for (let run = 0; run < runs; run++) {
  for (const y of list) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const { seconds } = extractFeaturesTimed(y);
    const c = process.cpuUsage(c0);
    cpu += (c.user + c.system) / 1e6;
    wall += (performance.now() - t0) / 1000;
    for (const s of EXTRACT_STAGES) totals[s] += seconds[s];
    windowSeconds += y.length / SR;
  }
}
const windows = windowSeconds / 30;
console.log(`extractFeatures: ${list.length} clip(s) × ${runs} runs, CPU seconds per 30 s window (one core)`);
for (const s of EXTRACT_STAGES) console.log(`  ${s.padEnd(10)} ${(totals[s] / windows).toFixed(4)}`);
console.log(`  ${'total'.padEnd(10)} ${(cpu / windows).toFixed(4)}   (target ≤ 0.25; process CPU time, includes GC)`);
console.log(
  `  ${'wall'.padEnd(10)} ${(wall / windows).toFixed(4)}   (wall clock, inflated by other load: average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores)`,
);
