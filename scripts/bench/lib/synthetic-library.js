// The synthetic feature space and stored analysis windows of the generated libraries that the
// learning benchmarks (context, learn) train and predict on.
import { load } from './bench.js';

const { saveAnalysis } = await load('core/analysis/store.js');
const { WINDOW_POLICY_ID } = await load('core/analysis/windows.js');

/** A spread per feature over five orders of magnitude, as the real 57 features have. */
export const featureScale = (featureNames) => featureNames.map((_, j) => 10 ** (((j * 7) % 5) - 1));

/** Stores a 240 s track's analysis: one 30 s window per feature row, 70 s apart. */
export function saveWindows(db, trackId, path, featureRows) {
  saveAnalysis(
    db,
    { trackId, path, size: 1000, mtimeMs: 0, durationSec: 240 },
    {
      durationSec: 240,
      policy: WINDOW_POLICY_ID,
      windows: featureRows.map((features, w) => ({ index: w, startSec: 24 + 70 * w, durationSec: 30, features })),
      timings: { probeMs: 0, decodeMs: 0, extractMs: 0 },
    },
  );
}
