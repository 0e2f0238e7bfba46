#!/usr/bin/env node
// Seconds per 30 s window, by stage, for the HPSS and tempo half of the extractor (compiled
// dist/node; run `npm run build` first). Uses the GTZAN oracle clips when ../shared/data (or
// GENREWISE_DATA) is there, else 30 s of synthetic audio. Target for the whole extractor:
// ≤ 0.25 s per 30 s window per core.
//   npm run bench -- hpss [--runs N]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../../dist/node/electron/analysis/', import.meta.url));
const { stft, magnitude, power } = await import(join(dist, 'features/stft.js'));
const { medianFilterAlongTime, medianFilterAlongFrequency } = await import(join(dist, 'features/median-filter.js'));
const { hpssSignals } = await import(join(dist, 'features/hpss.js'));
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
      return readdirSync(audio).filter((f) => f.endsWith('.wav')).sort().map((f) => ({ name: f, y: readWav(readFileSync(join(audio, f))).samples }));
    }
  }
  const y = new Float32Array(30 * SR);
  let seed = 1;
  for (let i = 0; i < y.length; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const beat = (i % 11025) < 500 ? 0.5 : 0;
    y[i] = 0.3 * Math.sin(i * 0.0627) + beat * (seed / 2147483648 - 0.5) + 0.05 * (seed / 2147483648 - 0.5);
  }
  return [{ name: 'synthetic 30 s', y }];
}

const stages = ['stft', 'magnitude', 'median along time', 'median along frequency', 'istft', 'hpss total', 'power', 'onset', 'tempo'];
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
      hpssSignals(y, s);
      tempoFromOnsetEnvelope(onsetStrength(power(s), s.nBins, s.nFrames, SR), SR, 512);
      continue;
    }
    const s = time('stft', () => stft(y));
    const mag = time('magnitude', () => magnitude(s));
    time('median along time', () => medianFilterAlongTime(mag, s.nFrames, s.nBins, 31));
    time('median along frequency', () => medianFilterAlongFrequency(mag, s.nFrames, s.nBins, 31));
    time('istft', () => istft(s));
    time('hpss total', () => hpssSignals(y, s));
    const p = time('power', () => power(s));
    const env = time('onset', () => onsetStrength(p, s.nBins, s.nFrames, SR));
    time('tempo', () => tempoFromOnsetEnvelope(env, SR, 512));
    seconds += y.length / SR;
    windows++;
  }
  if (!warmup) globalThis.gc?.();
}
const per30 = (v) => (v / seconds) * 30;
process.stdout.write(`${windows} clip analyses (${list.length} clips × ${runs} runs), CPU seconds per 30 s window:\n`);
for (const s of stages) process.stdout.write(`  ${s.padEnd(24)} ${per30(totals[s]).toFixed(4)}\n`);
process.stdout.write('  (hpss total = magnitude + both median filters + masks + one istft; tempo = tempogram + prior)\n');
process.stdout.write(`  hpss total + onset + tempo  ${per30(totals['hpss total'] + totals.onset + totals.tempo + totals.power).toFixed(4)}\n`);
