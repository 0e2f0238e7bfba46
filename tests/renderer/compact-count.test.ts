import { describe, expect, it } from 'vitest';
import { formatCompactCount, formatCount } from '../../renderer/src/lib/format';

// The rail's badges: two significant digits at most, so "53,766 to review" fits over an icon.
// The figures follow the runtime's locale, as every count in the app does; compared with the
// same locale's own spelling of the short forms.
describe('formatCompactCount', () => {
  const short = (n: number, digits: number): string =>
    new Intl.NumberFormat(undefined, { notation: 'compact', maximumSignificantDigits: digits }).format(n);

  it('leaves counts under a thousand as they are', () => {
    for (const n of [0, 7, 13, 999]) expect(formatCompactCount(n)).toBe(formatCount(n));
  });

  it('shortens larger counts to two significant digits', () => {
    expect(formatCompactCount(1_234)).toBe(short(1_200, 2));
    expect(formatCompactCount(53_766)).toBe(short(54_000, 2));
    expect(formatCompactCount(1_234_567)).toBe(short(1_200_000, 2));
    expect(formatCompactCount(53_766).length).toBeLessThanOrEqual(formatCount(53_766).length - 2);
  });
});
