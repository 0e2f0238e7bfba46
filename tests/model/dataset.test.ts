import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GTZAN_GENRES } from '../../shared/genres.js';
import { FEATURE_NAMES } from '../../shared/features.js';
import { DatasetError, loadFeatureTable, loadSplit, parseFeatureTable } from '../../core/model/dataset.js';
import { hasSharedData, sharedDataPath } from '../helpers/data.js';

describe.skipIf(!hasSharedData())('GTZAN feature table and artist-filtered split', () => {
  it('reads 1,000 rows of 57 features in FEATURE_NAMES order, 100 per genre', async () => {
    const table = await loadFeatureTable(sharedDataPath('gtzan', 'features_30_sec.csv'));
    expect(table.rows.length).toBe(1000);
    expect(table.featureNames).toEqual(FEATURE_NAMES);
    expect(table.rows.every((r) => r.length === 57 && r.every(Number.isFinite))).toBe(true);
    expect([...new Set(table.labels)]).toEqual([...GTZAN_GENRES]);
    for (const genre of GTZAN_GENRES) expect(table.labels.filter((l) => l === genre).length).toBe(100);
    expect(table.ids[0]).toBe('blues.00000.wav');
    expect(table.rows[0]?.[0]).toBeCloseTo(0.35008811950683594, 15); // chroma_stft_mean of blues.00000
    expect(table.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('matches the filtered split’s paths to rows, disjoint parts, labels agreeing with folders', async () => {
    const table = await loadFeatureTable(sharedDataPath('gtzan', 'features_30_sec.csv'));
    const split = await loadSplit(sharedDataPath('gtzan', 'splits', 'filtered'), table);
    expect([split.train.length, split.validation.length, split.test.length]).toEqual([442, 197, 290]); // the README says 443; the list holds 442;
    const all = [...split.train, ...split.validation, ...split.test];
    expect(new Set(all).size).toBe(all.length);
    expect(table.ids[split.validation[0] as number]).toBe('blues.00000.wav');
    expect(table.ids[split.test[0] as number]).toBe('blues.00012.wav');
  });
});

describe('feature table and split errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'genrewise-dataset-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const csv = (body: string): Buffer => Buffer.from(`filename,a,b,label\n${body}`);
  const options = { featureNames: ['a', 'b'] };

  it('reads any label vocabulary and feature subset, in the requested column order', () => {
    const table = parseFeatureTable(csv('x.wav,1,2,Synthwave\ny.wav,3,4,Bossa Nova\n'), 't.csv', {
      featureNames: ['b', 'a'],
    });
    expect(table.rows).toEqual([
      [2, 1],
      [4, 3],
    ]);
    expect(table.labels).toEqual(['Synthwave', 'Bossa Nova']);
  });

  it('names the line of a bad value, a missing column, a duplicate id', () => {
    expect(() => parseFeatureTable(csv('x.wav,1,oops,rock\n'), 't.csv', options)).toThrow(
      /line 2: b is not a finite number/,
    );
    expect(() => parseFeatureTable(csv('x.wav,1,2,rock\n'), 't.csv', { featureNames: ['c'] })).toThrow(/no column "c"/);
    expect(() => parseFeatureTable(csv('x.wav,1,2,rock\nx.wav,1,2,pop\n'), 't.csv', options)).toThrow(
      /line 3: duplicate filename/,
    );
    expect(() => parseFeatureTable(csv(''), 't.csv', options)).toThrow(DatasetError);
  });

  it('refuses split lists naming unknown files, wrong genres or a file twice', async () => {
    const table = parseFeatureTable(
      csv('rock.1.wav,1,2,rock\npop.1.wav,3,4,pop\npop.2.wav,5,6,pop\n'),
      't.csv',
      options,
    );
    const write = (train: string, test: string): string => {
      const d = mkdtempSync(join(dir, 'split-'));
      writeFileSync(join(d, 'train.csv'), train);
      writeFileSync(join(d, 'validation.csv'), '');
      writeFileSync(join(d, 'test.csv'), test);
      return d;
    };
    const ok = await loadSplit(write('rock/rock.1.wav\npop/pop.1.wav\n', 'pop/pop.2.wav\n'), table);
    expect([ok.train, ok.validation, ok.test]).toEqual([[0, 1], [], [2]]);
    await expect(loadSplit(write('rock/rock.9.wav\n', 'pop/pop.2.wav\n'), table)).rejects.toThrow(
      /not in the feature table/,
    );
    await expect(loadSplit(write('pop/rock.1.wav\n', 'pop/pop.2.wav\n'), table)).rejects.toThrow(/labelled rock/);
    await expect(loadSplit(write('pop/pop.2.wav\n', 'pop/pop.2.wav\n'), table)).rejects.toThrow(/listed twice/);
    await expect(loadSplit(join(dir, 'absent'), table)).rejects.toThrow(DatasetError);
  });
});
