/**
 * Runs every WebAssembly kernel the analysis of one window uses, on a synthetic stereo window, so
 * that their modules exist in this process: what the build does to prebuild their bytes for the
 * worker bundles (scripts/prebuilt-kernels.js, then wasm/runtime.ts's kernelsBuiltHere), and what
 * the test of those bundles compares them with. A kernel added to a window's path belongs here.
 */
import { ANALYSIS_SAMPLE_RATE } from '../../shared/features.js';
import { downmixStereo } from './decode/wav-stream.js';
import { extractFeatures } from './features/extract.js';
import { peakOf } from './silence.js';

export function runWindowKernels(): void {
  const frames = 30 * ANALYSIS_SAMPLE_RATE;
  const stereo = new Float32Array(2 * frames);
  for (let i = 0; i < stereo.length; i++) stereo[i] = 0.3 * Math.sin(i * 0.0314) + 0.05 * Math.sin(i * 0.685);
  const y = new Float32Array(frames);
  downmixStereo(stereo, y, 0);
  peakOf(y);
  extractFeatures(y);
}
