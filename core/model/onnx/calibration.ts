import type { GraphBuilder } from './builder.js';
import { attr } from './builder.js';

/**
 * Temperature scaling of a probability vector in the ONNX graph: softmax(log(p) / T). T > 1
 * softens over-confident probabilities, T < 1 sharpens them, T = 1 leaves them as they are.
 * The in-process reference is core/model/temperature.ts applyTemperature.
 */

export class CalibrationError extends Error {
  override name = 'CalibrationError';
}

export function checkTemperature(temperature: number): void {
  if (!Number.isFinite(temperature) || temperature <= 0) {
    throw new CalibrationError(`temperature must be a positive finite number, got ${temperature}`);
  }
}

/** Whether a model's optional temperature changes anything. */
export function isActiveTemperature(temperature: number | undefined): temperature is number {
  return temperature !== undefined && temperature !== 1;
}

/** Appends Log → Div(T) → Softmax over the last axis; returns the calibrated tensor's name. */
export function appendTemperatureScaling(
  g: GraphBuilder,
  probabilities: string,
  temperature: number,
  type: 'float' | 'double',
): string {
  checkTemperature(temperature);
  const t = g.constant('temperature', type, [], [temperature]);
  const log = g.op('Log', [probabilities], 'log_probabilities');
  const scaled = g.op('Div', [log, t], 'scaled_log_probabilities');
  return g.op('Softmax', [scaled], 'calibrated_probabilities', [attr.int('axis', -1)]);
}
