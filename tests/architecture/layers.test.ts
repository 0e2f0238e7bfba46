import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult, type IConfiguration } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

/**
 * The layer rule of .dependency-cruiser.cjs, run the way `npm run layers` runs it: the real tree
 * has no violation, and fixture trees with a back-import and an import circle are caught, so the
 * check is known to bite.
 */
const require = createRequire(import.meta.url);
const repo = fileURLToPath(new URL('../..', import.meta.url));
const config = require('../../.dependency-cruiser.cjs') as IConfiguration;

async function violations(baseDir: string, roots: string[]): Promise<string[]> {
  const previous = process.cwd();
  process.chdir(baseDir);
  try {
    const { output } = await cruise(roots, {
      ruleSet: { forbidden: config.forbidden ?? [] },
      ...config.options,
      tsConfig: undefined,
      validate: true,
    });
    const result = output as ICruiseResult;
    return result.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
  } finally {
    process.chdir(previous);
  }
}

describe('the layer rule', () => {
  it('holds for the whole tree', async () => {
    expect(await violations(repo, ['core', 'shared', 'electron', 'renderer/src'])).toEqual([]);
  });

  it('fails on a back-import from an earlier stage to a later one', async () => {
    const found = await violations(fileURLToPath(new URL('../fixtures/layers/back-import', import.meta.url)), ['core']);
    expect(found).toEqual(['layer:core/library: core/library/scan.ts -> core/analysis/windows.ts']);
  });

  it('fails on an import circle inside one stage, type-only imports included', async () => {
    const found = await violations(fileURLToPath(new URL('../fixtures/layers/circle', import.meta.url)), ['core']);
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((line) => line.startsWith('no-circular: core/model/'))).toBe(true);
  });
});
