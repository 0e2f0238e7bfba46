import { FEATURE_NAMES } from '../../shared/features.js';

/**
 * Named subsets of the extractor's 57 features that a model may be trained on. The extractor
 * itself stays exact (it reproduces librosa's GTZAN table); what changes is what a model reads.
 *
 * Why subsets at all: GTZAN's clips were recorded around 2000 and sit at lower, more varied
 * levels than today's mastered music. Features that follow the playback level (how loud, not
 * what) let a model learn "quiet → classical, loud → metal" from GTZAN, which breaks on a modern
 * library. Under a gain g (every sample × g):
 * - rms_mean scales by g, rms_var by g²; harmony_* and perceptr_* are the mean and variance of the
 *   harmonic and percussive waveforms: × g and × g²;
 * - mfcc1 is the DCT's constant term of the log-mel spectrum, so it shifts by 20·log10(g)·c:
 *   its mean moves, its variance does not — but its variance measures loudness dynamics, which
 *   modern mastering compresses, so it tracks production era more than genre;
 * - chroma (per-frame normalised), spectral centroid, bandwidth, rolloff, zero-crossing rate,
 *   tempo and mfcc2…20 (DCT terms orthogonal to a constant offset) do not change.
 */

export const LEVEL_DEPENDENT_FEATURES = [
  'rms_mean',
  'rms_var',
  'harmony_mean',
  'harmony_var',
  'perceptr_mean',
  'perceptr_var',
  'mfcc1_mean',
  'mfcc1_var',
] as const;

const without = (drop: readonly string[]): readonly string[] => FEATURE_NAMES.filter((name) => !drop.includes(name));

export const FEATURE_SETS = {
  /** All 57 GTZAN features. */
  all: FEATURE_NAMES,
  /** Without the 8 features that follow the recording's level or its loudness dynamics (49). */
  'level-invariant': without(LEVEL_DEPENDENT_FEATURES),
  /** Without the 7 that change under a pure gain: keeps mfcc1_var, the loudness dynamics (50). */
  'gain-invariant': without(LEVEL_DEPENDENT_FEATURES.filter((name) => name !== 'mfcc1_var')),
} as const satisfies Readonly<Record<string, readonly string[]>>;

export type FeatureSetName = keyof typeof FEATURE_SETS;

/** What the default models are trained on; see README "Genre models" for the measurements. */
export const DEFAULT_FEATURE_SET: FeatureSetName = 'level-invariant';

export class FeatureSetError extends Error {
  override name = 'FeatureSetError';
}

export function featureSetNames(): FeatureSetName[] {
  return Object.keys(FEATURE_SETS) as FeatureSetName[];
}

export function isFeatureSetName(name: string): name is FeatureSetName {
  return Object.hasOwn(FEATURE_SETS, name);
}

export function featureSet(name: string): readonly string[] {
  if (!isFeatureSetName(name))
    throw new FeatureSetError(`unknown feature set "${name}" (known: ${featureSetNames().join(', ')})`);
  return FEATURE_SETS[name];
}

/** The name of a set with exactly these features in this order, if any. */
export function featureSetOf(names: readonly string[]): FeatureSetName | undefined {
  return featureSetNames().find((set) => {
    const members = FEATURE_SETS[set];
    return members.length === names.length && members.every((n, i) => n === names[i]);
  });
}
