import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GTZAN_GENRES } from '../../shared/genres.js';
import { resolveFfmpeg } from '../../core/analysis/decode/ffmpeg-binary.js';
import { classifyFile } from '../../core/prediction/classify-file.js';
import { loadGenreModel } from '../../core/model/genre-model.js';
import { hasSharedData, sharedDataPath } from '../helpers/data.js';

/**
 * The real recordings beside the checkout (openly licensed, 25–133 s, 44.1 kHz stereo Ogg),
 * classified as a user's files would be: spread windows, both committed models. Prints each
 * prediction beside its label; too few clips to assert an accuracy, so only the shape of the
 * results is checked. Issue 5 measures real-recording accuracy properly.
 */

interface Labelled {
  readonly file: string;
  readonly label: string;
  readonly mappingConfidence: string;
}

function labels(): Labelled[] {
  const text = readFileSync(sharedDataPath('realworld', 'librosa_cc', 'labels.tsv'), 'utf8');
  const [header, ...lines] = text.trim().split(/\r?\n/);
  const columns = (header ?? '').split('\t');
  const at = (cells: string[], name: string): string => cells[columns.indexOf(name)] ?? '';
  return lines.map((line) => {
    const cells = line.split('\t');
    return { file: at(cells, 'file'), label: at(cells, 'label_gtzan'), mappingConfidence: at(cells, 'confidence') };
  });
}

describe.skipIf(!hasSharedData())('real recordings', () => {
  it.each(['svc', 'knn'])(
    'are classified by the %s model (predictions printed beside labels)',
    async (spec) => {
      const model = await loadGenreModel(spec);
      const ffmpeg = resolveFfmpeg();
      const clips = labels();
      expect(clips.length).toBeGreaterThan(0);
      const lines: string[] = [];
      let right = 0;
      for (const clip of clips) {
        const result = await classifyFile(sharedDataPath('realworld', 'librosa_cc', clip.file), model, { ffmpeg });
        expect(GTZAN_GENRES as readonly string[]).toContain(result.genre);
        expect(result.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
        expect(result.windows.length).toBeGreaterThanOrEqual(1);
        if (result.genre === clip.label) right++;
        const windows = result.windows.map((w) => `${w.genre} ${Math.round(w.confidence * 100)}%`).join(', ');
        lines.push(
          `${clip.file.slice(0, 44).padEnd(44)} label ${clip.label.padEnd(9)} (${clip.mappingConfidence.padEnd(6)}) → ${result.genre.padEnd(9)} ${Math.round(
            result.confidence * 100,
          )
            .toString()
            .padStart(3)}%  [${windows}]  inference ${result.timings.inferenceMs.toFixed(2)} ms`,
        );
      }
      console.log(
        `${spec} (${model.id}) on ${clips.length} real recordings: ${right} match their label\n${lines.join('\n')}`,
      );
    },
    600_000,
  );
});
