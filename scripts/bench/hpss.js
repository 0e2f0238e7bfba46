#!/usr/bin/env node
// CPU seconds per 30 s window, by stage, for the HPSS and tempo half of the extractor (compiled
// dist/node; run `npm run build` first), with the scalar median filter and fft.js beside the
// WebAssembly SIMD kernels that replaced them. Uses the GTZAN oracle clips when ../shared/data (or
// GENREWISE_DATA) is there, else 30 s of synthetic audio. Target for the whole extractor:
// ≤ 0.25 s per 30 s window per core.
//   npm run bench -- hpss [--runs N]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../../dist/node/core/analysis/', import.meta.url));
const { stft, withStft, power } = await import(join(dist, 'features/stft.js'));
const { magnitudeF32, spectrogramsF32 } = await import(join(dist, 'features/spectrogram32.js'));
const { medianFilters } = await import(join(dist, 'features/median-filter.js'));
const { harmonicMask, hpssHarmonicMask, hpssSignals, hpssStatistics } = await import(join(dist, 'features/hpss.js'));
const { complexFft } = await import(join(dist, 'features/wasm/fft.js'));
const { istft } = await import(join(dist, 'features/istft.js'));
const { onsetStrength } = await import(join(dist, 'features/onset.js'));
const { tempoFromOnsetEnvelope } = await import(join(dist, 'features/tempo.js'));
const { readWav } = await import(join(dist, 'decode/wav.js'));

const argRuns = process.argv.indexOf('--runs');
const runs = argRuns >= 0 ? Number(process.argv[argRuns + 1]) : 3;
const SR = 22050;

function clips() {
  const dataDirs = [process.env.GENREWISE_DATA, resolve(fileURLToPath(import.meta.url), '../../../../shared/data')];
  for (const dir of dataDirs) {
    const audio = dir && join(dir, 'gtzan', 'audio');
    if (audio && existsSync(audio)) {
      return readdirSync(audio)
        .filter((f) => f.endsWith('.wav'))
        .sort()
        .map((f) => ({ name: f, y: readWav(readFileSync(join(audio, f))).samples }));
    }
  }
  const y = new Float32Array(30 * SR);
  let seed = 1;
  for (let i = 0; i < y.length; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const beat = i % 11025 < 500 ? 0.5 : 0;
    y[i] = 0.3 * Math.sin(i * 0.0627) + beat * (seed / 2147483648 - 0.5) + 0.05 * (seed / 2147483648 - 0.5);
  }
  return [{ name: 'synthetic 30 s', y }];
}

const stages = [
  'stft (fresh memory)',
  'stft (memory reused)',
  'magnitude+power (f32)',
  'median along time',
  'median along frequency',
  'medians, both (one copy)',
  '  scalar median, time',
  '  scalar median, freq.',
  'harmonic mask',
  'medians + mask (one pass)',
  'istft',
  'hpss total',
  'hpss as the extractor runs it',
  '647 FFTs of 2048',
  '  with fft.js',
  'power',
  'onset',
  'tempo',
];
const totals = Object.fromEntries(stages.map((s) => [s, 0]));
let seconds = 0;
let windows = 0;
const list = clips();
const time = (name, fn) => {
  // CPU time, not wall time: the per-core cost, undisturbed by other processes on the machine.
  const t0 = process.cpuUsage();
  const r = fn();
  const d = process.cpuUsage(t0);
  totals[name] += (d.user + d.system) / 1e6;
  return r;
};
for (let run = 0; run < runs + 1; run++) {
  const warmup = run === 0;
  for (const { y } of list) {
    if (warmup) {
      const s = stft(y);
      hpssSignals(y, s, magnitudeF32(s));
      withStft(y, 2048, 512, (lent) => lent.nFrames);
      tempoFromOnsetEnvelope(onsetStrength(power(s), s.nBins, s.nFrames, SR), SR, 512);
      continue;
    }
    // The extractor lends each window's STFT memory to the next (withStft); stft() takes a fresh one.
    time('stft (memory reused)', () => withStft(y, 2048, 512, (lent) => lent.nFrames));
    const s = time('stft (fresh memory)', () => stft(y));
    const mag = time('magnitude+power (f32)', () => spectrogramsF32(s).magnitude);
    time('median along time', () => medianFilters(mag, s.nFrames, s.nBins, 31, ['time']));
    time('median along frequency', () => medianFilters(mag, s.nFrames, s.nBins, 31, ['frequency']));
    const [h, p] = time('medians, both (one copy)', () =>
      medianFilters(mag, s.nFrames, s.nBins, 31, ['time', 'frequency']),
    );
    if (run === 1) {
      // The scalar filter is ~5× slower: once is enough to compare.
      time('  scalar median, time', () => medianFilters(mag, s.nFrames, s.nBins, 31, ['time'], 'scalar'));
      time('  scalar median, freq.', () => medianFilters(mag, s.nFrames, s.nBins, 31, ['frequency'], 'scalar'));
    }
    time('harmonic mask', () => harmonicMask(h, p));
    const mask = time('medians + mask (one pass)', () => hpssHarmonicMask(mag, s.nFrames, s.nBins));
    time('istft', () => istft(s, mask));
    time('hpss total', () => hpssSignals(y, s, mag));
    // The extractor: STFT memory lent by withStft, statistics without signal arrays (not timed: the STFT).
    withStft(y, 2048, 512, (lent) => {
      const lentMag = spectrogramsF32(lent).magnitude;
      time('hpss as the extractor runs it', () => hpssStatistics(y, lent, lentMag));
    });
    for (const engine of ['auto', 'scalar']) {
      const fft = complexFft(2048, engine);
      fft.input.set(s.re.subarray(0, 4096));
      time(engine === 'auto' ? '647 FFTs of 2048' : '  with fft.js', () => {
        for (let i = 0; i < 647; i++) fft.transform();
      });
    }
    const p2 = time('power', () => power(s));
    const env = time('onset', () => onsetStrength(p2, s.nBins, s.nFrames, SR));
    time('tempo', () => tempoFromOnsetEnvelope(env, SR, 512));
    seconds += y.length / SR;
    windows++;
  }
  if (!warmup) globalThis.gc?.();
}
const per30 = (v) => (v / seconds) * 30;
process.stdout.write(`${windows} clip analyses (${list.length} clips × ${runs} runs), CPU seconds per 30 s window:\n`);
const scalarRuns = { '  scalar median, time': 1, '  scalar median, freq.': 1 };
for (const s of stages) {
  const share = scalarRuns[s] ? runs : 1; // the scalar filters ran in one run of `runs`
  process.stdout.write(`  ${s.padEnd(30)} ${(per30(totals[s]) * share).toFixed(4)}\n`);
}
process.stdout.write(
  '  (hpss total = medians + mask (one pass) + one istft + the two signals, on a fresh STFT memory;\n',
);
process.stdout.write(
  "   the extractor instead reuses the memory and keeps only the signals' mean and variance; tempo = tempogram + prior)\n",
);
process.stdout.write(
  `  extractor hpss + onset + tempo  ${per30(totals['hpss as the extractor runs it'] + totals.onset + totals.tempo).toFixed(4)}\n`,
);
