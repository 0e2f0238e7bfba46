import type { ContextParams } from './context-model.js';

/**
 * The library-context model's parameters, chosen by scripts/context-study.js: a grid of 432
 * points (neighbours 1/3/5, bandwidth 1/2/4, album coherence 0.8–0.98, sibling-audio weight
 * 0–0.3, artist coherence 0–0.9) scored on seven development libraries — GTZAN's ten genres and
 * four 4-genre subsets (artists from the artist-filtered split, albums of up to ten clips of an
 * artist) and scripts/make-dev-libraries.sh's trio and varied — with decisions on a random 10 % of
 * the tracks and with a random half tagged, three seeds each. The objective is the mean negative
 * log-likelihood of the unlabelled tracks of taught genres after the per-library temperature;
 * among the points whose calibration error stays ≤ 0.05 on every library (the honest-confidence
 * target), the lowest wins. Left out of the choice, six of the seven libraries get this point
 * back but for the sibling weight (0.3 once); varied alone prefers 3 neighbours and artist
 * coherence 0.8. Chosen: ECE 0.016–0.034 on the half-tagged runs; README "Your own model".
 */
export const CONTEXT_PARAMS: ContextParams = {
  neighbours: 1,
  bandwidth: 2,
  albumCoherence: 0.95,
  siblingWeight: 0.1,
  artistCoherence: 0.5,
};
