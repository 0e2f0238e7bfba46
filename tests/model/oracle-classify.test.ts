import { readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { loadFeatureTable, type FeatureTable } from '../../core/model/dataset.js';
import { loadGenreModel, type GenreModel } from '../../core/model/genre-model.js';
import { hasSharedData, sharedDataPath } from '../helpers/data.js';

/**
 * End to end on the 15 GTZAN oracle clips: `genrewise classify --whole` with the committed SVC
 * model, from the audio (decode, the extractor, ONNX), must give each clip the genre and the
 * probabilities (within 1e-3) that the same model gives the clip's row of the published table.
 * Any drift in decoding, features, feature order, scaling or the model path shows up here.
 */

interface ClassifyJson {
  readonly path: string;
  readonly genre: string;
  readonly confidence: number;
  readonly probabilities: Record<string, number>;
}

async function classifyCli(paths: readonly string[]): Promise<ClassifyJson[]> {
  const { code, stdout, stderr } = await runCli(['classify', '--whole', '--model', 'svc', '--json', ...paths]);
  expect(stderr).toBe('');
  expect(code).toBe(0);
  return JSON.parse(stdout) as ClassifyJson[];
}

describe.skipIf(!hasSharedData())('oracle clips classified from audio match their CSV rows', () => {
  let table: FeatureTable;
  let model: GenreModel;
  let clips: string[];
  let fromAudio: ClassifyJson[];

  beforeAll(async () => {
    table = await loadFeatureTable(sharedDataPath('gtzan', 'features_30_sec.csv'));
    model = await loadGenreModel('svc');
    clips = readdirSync(sharedDataPath('gtzan', 'audio'))
      .filter((f) => f.endsWith('.wav'))
      .sort();
    fromAudio = await classifyCli(clips.map((f) => sharedDataPath('gtzan', 'audio', f)));
  }, 600_000);

  it('covers all 15 clips', () => {
    expect(clips).toHaveLength(15);
    expect(fromAudio).toHaveLength(15);
  });

  it("gives every clip its CSV row's genre and probabilities within 1e-3", async () => {
    const rows = clips.map((clip) => {
      const index = table.ids.indexOf(clip);
      expect(index, `${clip} has a row in the table`).toBeGreaterThanOrEqual(0);
      return table.rows[index] ?? [];
    });
    const fromTable = await model.classifyRows(rows);
    const report: string[] = [];
    let worst = 0;
    clips.forEach((clip, i) => {
      const audio = fromAudio[i];
      expect(audio?.path.endsWith(clip)).toBe(true);
      const diff = Math.max(
        ...model.genres.map((g, j) =>
          Math.abs((audio?.probabilities[g] ?? Number.NaN) - (fromTable.probabilities[i]?.[j] ?? Number.NaN)),
        ),
      );
      worst = Math.max(worst, diff);
      report.push(
        `${clip.padEnd(20)} audio ${audio?.genre} ${audio?.confidence.toFixed(3)}  table ${fromTable.labels[i]}  max |Δp| ${diff.toExponential(2)}`,
      );
      expect(audio?.genre, clip).toBe(fromTable.labels[i]);
      expect(diff, clip).toBeLessThan(1e-3);
    });
    console.log(`${report.join('\n')}\nworst max |Δp| over the 15 clips: ${worst.toExponential(2)}`);
  });
});
