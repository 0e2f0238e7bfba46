/**
 * Limited-memory BFGS for smooth unconstrained minimisation, with a backtracking (Armijo) line
 * search. Deterministic: a fixed iteration cap, no randomness. Used by the logistic regression.
 */

export type Objective = (x: Float64Array, gradient: Float64Array) => number;

export interface LbfgsOptions {
  readonly maxIterations?: number;
  /** Memory: how many past steps approximate the curvature. */
  readonly history?: number;
  /** Stop when the gradient's largest component falls below this. */
  readonly gradientTolerance?: number;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

export function minimiseLbfgs(objective: Objective, start: Float64Array, options: LbfgsOptions = {}): Float64Array {
  const maxIterations = options.maxIterations ?? 500;
  const history = options.history ?? 10;
  const tolerance = options.gradientTolerance ?? 1e-6;
  const n = start.length;
  let x = Float64Array.from(start);
  let g = new Float64Array(n);
  let fx = objective(x, g);
  const steps: Float64Array[] = [];
  const changes: Float64Array[] = [];
  const rhos: number[] = [];
  const direction = new Float64Array(n);
  const alphas = new Array<number>(history).fill(0);

  for (let iteration = 0; iteration < maxIterations; iteration++) {
    let gMax = 0;
    for (let i = 0; i < n; i++) gMax = Math.max(gMax, Math.abs(g[i] as number));
    if (gMax < tolerance) break;

    // Two-loop recursion: direction = −H·g.
    direction.set(g);
    for (let k = steps.length - 1; k >= 0; k--) {
      const a = (rhos[k] as number) * dot(steps[k] as Float64Array, direction);
      alphas[k] = a;
      const y = changes[k] as Float64Array;
      for (let i = 0; i < n; i++) direction[i] = (direction[i] as number) - a * (y[i] as number);
    }
    if (steps.length > 0) {
      const last = steps.length - 1;
      const y = changes[last] as Float64Array;
      const scale = dot(steps[last] as Float64Array, y) / dot(y, y);
      for (let i = 0; i < n; i++) direction[i] = (direction[i] as number) * scale;
    }
    for (let k = 0; k < steps.length; k++) {
      const b = (rhos[k] as number) * dot(changes[k] as Float64Array, direction);
      const s = steps[k] as Float64Array;
      const a = alphas[k] as number;
      for (let i = 0; i < n; i++) direction[i] = (direction[i] as number) + (a - b) * (s[i] as number);
    }
    for (let i = 0; i < n; i++) direction[i] = -(direction[i] as number);

    let slope = dot(g, direction);
    if (slope >= 0) {
      // Not a descent direction (curvature information went stale): restart from steepest descent.
      for (let i = 0; i < n; i++) direction[i] = -(g[i] as number);
      slope = dot(g, direction);
      steps.length = 0;
      changes.length = 0;
      rhos.length = 0;
    }

    let step = steps.length === 0 ? Math.min(1, 1 / Math.sqrt(-slope)) : 1;
    const next = new Float64Array(n);
    const nextGradient = new Float64Array(n);
    let fNext = Number.POSITIVE_INFINITY;
    for (let tries = 0; tries < 40; tries++) {
      for (let i = 0; i < n; i++) next[i] = (x[i] as number) + step * (direction[i] as number);
      fNext = objective(next, nextGradient);
      if (fNext <= fx + 1e-4 * step * slope) break;
      step /= 2;
    }
    if (!(fNext < fx)) break;

    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = (next[i] as number) - (x[i] as number);
      y[i] = (nextGradient[i] as number) - (g[i] as number);
    }
    const sy = dot(s, y);
    if (sy > 1e-12) {
      if (steps.length === history) {
        steps.shift();
        changes.shift();
        rhos.shift();
      }
      steps.push(s);
      changes.push(y);
      rhos.push(1 / sy);
    }
    x = next;
    g = nextGradient;
    fx = fNext;
  }
  return x;
}
