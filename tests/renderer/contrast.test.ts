import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contrastRatio } from './contrast';

const CSS = readFileSync(resolve(import.meta.dirname, '../../renderer/src/styles/global.css'), 'utf8');

/** The colour tokens of the light theme (:root) and the dark one (the prefers-color-scheme block). */
function themes(): Record<'light' | 'dark', Record<string, string>> {
  const split = CSS.indexOf('@media (prefers-color-scheme: dark)');
  const tokens = (text: string): Record<string, string> =>
    Object.fromEntries([...text.matchAll(/--([\w-]+):\s*(#[0-9a-f]{6})\s*;/gi)].map((m) => [m[1], m[2]]));
  const light = tokens(CSS.slice(0, split));
  return { light, dark: { ...light, ...tokens(CSS.slice(split)) } };
}

/**
 * Every pairing of small text and the background it sits on: the muted text on every surface
 * (sidebar group labels and footer on the sidebar, column headers on surface-2), and the
 * coloured badges on their soft backgrounds, and the sidebar rail's solid badges.
 */
const PAIRS: readonly (readonly [string, string])[] = [
  ['text-2', 'bg'],
  ['text-2', 'surface'],
  ['text-2', 'surface-2'],
  ['text-2', 'sidebar'],
  ['text-3', 'bg'],
  ['text-3', 'surface'],
  ['text-3', 'surface-2'],
  ['text-3', 'sidebar'],
  ['accent', 'accent-soft'],
  ['accent', 'surface'],
  ['good', 'good-soft'],
  ['warn', 'warn-soft'],
  ['bad', 'bad-soft'],
  ['info', 'info-soft'],
  ['accent-text', 'accent'],
  ['accent-text', 'bad'],
];

describe('contrast', () => {
  it('computes WCAG ratios', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBe(1);
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });

  for (const [theme, tokens] of Object.entries(themes())) {
    it(`keeps small text at 4.5:1 or more in the ${theme} theme`, () => {
      const failing = PAIRS.map(([fg, bg]) => {
        const a = tokens[fg];
        const b = tokens[bg];
        if (!a || !b) throw new Error(`no --${!a ? fg : bg} token in the ${theme} theme`);
        return { pair: `${fg} on ${bg}`, ratio: Math.round(contrastRatio(a, b) * 100) / 100 };
      }).filter((p) => p.ratio < 4.5);
      expect(failing).toEqual([]);
    });
  }
});
