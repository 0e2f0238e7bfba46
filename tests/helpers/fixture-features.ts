import { analyseFile } from '../../core/analysis/analyse-file.js';
import { resolveFfmpeg } from '../../core/analysis/decode/ffmpeg-binary.js';
import { extractFeatures } from '../../core/analysis/features/extract.js';

/** Each file's 57 features analysed whole (one window), decoded for real by the bundled ffmpeg. */
export async function wholeFileFeatureRows(paths: readonly string[]): Promise<number[][]> {
  const ffmpeg = resolveFfmpeg();
  const rows: number[][] = [];
  for (const path of paths) {
    const analysis = await analyseFile(path, { ffmpeg, extract: extractFeatures, mode: 'whole' });
    rows.push([...(analysis.windows[0]?.features ?? [])]);
  }
  return rows;
}
