/**
 * Temperature scaling of a probability vector: p'_c ∝ p_c^(1/T), i.e. softmax(log(p) / T).
 * T < 1 sharpens, T > 1 flattens, T = 1 changes nothing, and the top class never changes.
 * libsvm's pairwise-coupled Platt probabilities come out under-confident on GTZAN; one
 * temperature, fitted on out-of-fold predictions of the training rows, corrects that.
 */

/** Only for the likelihood objective: a true class given probability 0 costs log(1e-12), not ∞. */
const FLOOR = 1e-12;

/** softmax(log(p) / T); a probability of 0 stays 0. Same formula as the ONNX graph (onnx/calibration.ts). */
export function applyTemperature(probabilities: readonly number[], temperature: number): number[] {
  if (temperature === 1) return [...probabilities];
  const logits = probabilities.map((p) => Math.log(p) / temperature);
  const max = Math.max(...logits);
  const exps = logits.map((l) => Math.exp(l - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}

/** Mean negative log-likelihood of the true classes after scaling. */
export function negativeLogLikelihood(
  probabilities: readonly (readonly number[])[],
  classes: readonly number[],
  temperature: number,
): number {
  let total = 0;
  probabilities.forEach((p, i) => {
    const scaled = applyTemperature(p, temperature);
    total -= Math.log(Math.max(scaled[classes[i] as number] as number, FLOOR));
  });
  return total / probabilities.length;
}

/**
 * The temperature minimising the NLL, by golden-section search over log T in [1/8, 8] (the NLL is
 * unimodal in T for a fixed set of predictions). Rounded to 4 significant digits so the value in
 * the model card is the value used.
 */
export function fitTemperature(probabilities: readonly (readonly number[])[], classes: readonly number[]): number {
  if (probabilities.length === 0) return 1;
  return minimiseTemperature((t) => negativeLogLikelihood(probabilities, classes, t), 60);
}

/**
 * Golden-section search for the temperature in [1/8, 8] (searched in log space) that minimises
 * `loss`; rounded to 4 significant digits so cards and models stay byte-stable.
 */
export function minimiseTemperature(loss: (temperature: number) => number, steps: number): number {
  const ratio = (Math.sqrt(5) - 1) / 2;
  let lo = Math.log(1 / 8);
  let hi = Math.log(8);
  const f = (logT: number): number => loss(Math.exp(logT));
  let a = hi - ratio * (hi - lo);
  let b = lo + ratio * (hi - lo);
  let fa = f(a);
  let fb = f(b);
  for (let i = 0; i < steps; i++) {
    if (fa <= fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - ratio * (hi - lo);
      fa = f(a);
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + ratio * (hi - lo);
      fb = f(b);
    }
  }
  return Number(Math.exp((lo + hi) / 2).toPrecision(4));
}
