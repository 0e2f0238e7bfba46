import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { ANALYZER_VERSION, FEATURE_NAMES } from '../../../shared/features.js';
import { saveAnalysis } from '../../../core/analysis/store.js';
import { WINDOW_POLICY_ID } from '../../../core/analysis/windows.js';
import { getLibsvm } from '../../../core/model/libsvm.js';
import { seededRandom } from '../../../core/model/random.js';
import { exportSvcOnnx } from '../../../core/model/onnx/svc-export.js';
import { fitScaler, applyScaler } from '../../../core/model/scaler.js';
import { trainSvcModel } from '../../../core/model/svc.js';
import { seedTracks } from '../../helpers/library.js';

/**
 * Libraries of made-up genres for the learning tests: real SQLite files whose tracks carry stored
 * analysis windows, written through the analysis store as `genrewise analyze` writes them. Each
 * genre has its own centre in the 57-feature space (features on very different scales, like the
 * real ones); each track its own offset from that centre (the recording), and each window a little
 * noise around the track — so windows of one track are near-copies, as in real music.
 */

export interface SyntheticGenre {
  /** The genre as the library knows it: the tracks' tag spelling. */
  readonly name: string;
  readonly tracks: number;
  /** Tag values written into the tracks (default [name]); [] for untagged tracks. */
  readonly tags?: readonly string[];
  /**
   * The distribution to draw from (default: `name`), so differently spelled tags can share one;
   * several names: halfway between their centres (tracks no genre can claim with confidence).
   */
  readonly centre?: string | readonly string[];
}

export interface SyntheticOptions {
  readonly windowsPerTrack?: number;
  /** Distance of genre centres, in feature spreads. */
  readonly separation?: number;
  readonly trackSpread?: number;
  readonly windowSpread?: number;
  readonly seed?: number;
  readonly pathPrefix?: string;
}

export interface SyntheticTrack {
  readonly id: number;
  readonly path: string;
  readonly genre: string;
}

function gaussian(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

function nameSeed(name: string): number {
  let h = 2166136261;
  for (const ch of name) h = Math.imul(h ^ (ch.codePointAt(0) ?? 0), 16777619);
  return h >>> 0;
}

const SCALE = FEATURE_NAMES.map((_, j) => 10 ** (((j * 7) % 5) - 1));

/** One genre's centre: the same for the same name in every library. */
export function genreCentre(name: string, separation: number): number[] {
  const random = seededRandom(nameSeed(name));
  return SCALE.map((s) => 3 * s + s * separation * gaussian(random));
}

/** Windows of one track: centre + the track's offset + per-window noise. */
export function trackWindows(
  centre: readonly number[],
  count: number,
  random: () => number,
  trackSpread: number,
  windowSpread: number,
): number[][] {
  const offset = SCALE.map((s) => s * trackSpread * gaussian(random));
  return Array.from({ length: count }, () =>
    centre.map((c, j) => c + (offset[j] as number) + (SCALE[j] as number) * windowSpread * gaussian(random)),
  );
}

/** Inserts the tracks with their tags and stores their analyses; returns them in insertion order. */
export function seedSyntheticLibrary(
  db: Database,
  genres: readonly SyntheticGenre[],
  options: SyntheticOptions = {},
): SyntheticTrack[] {
  const windows = options.windowsPerTrack ?? 3;
  const separation = options.separation ?? 1;
  const random = seededRandom(options.seed ?? 11);
  const prefix = options.pathPrefix ?? '/music';
  const specs = genres.flatMap((g) =>
    Array.from({ length: g.tracks }, (_, i) => ({
      genre: g,
      path: `${prefix}/${g.name}/${String(i).padStart(4, '0')}.mp3`,
    })),
  );
  const ids = seedTracks(
    db,
    specs.map((s) => ({ path: s.path, genres: s.genre.tags ?? [s.genre.name] })),
    prefix,
  );
  const centreOf = (names: readonly string[]): number[] => {
    const each = names.map((n) => genreCentre(n, separation));
    return SCALE.map((_, j) => each.reduce((sum, c) => sum + (c[j] as number), 0) / each.length);
  };
  const centres = new Map(
    genres.map((g) => [g.name, centreOf(typeof g.centre === 'string' ? [g.centre] : (g.centre ?? [g.name]))]),
  );
  db.transaction(() => {
    specs.forEach((s, i) => {
      const features = trackWindows(
        centres.get(s.genre.name) ?? [],
        windows,
        random,
        options.trackSpread ?? 0.5,
        options.windowSpread ?? 0.3,
      );
      saveAnalysis(
        db,
        { trackId: ids[i] as number, path: s.path, size: 1000, mtimeMs: 0, durationSec: 240 },
        {
          durationSec: 240,
          policy: WINDOW_POLICY_ID,
          windows: features.map((f, w) => ({ index: w, startSec: 24 + w * 70, durationSec: 30, features: f })),
          timings: { probeMs: 0, decodeMs: 0, extractMs: 0 },
        },
      );
    });
  })();
  return specs.map((s, i) => ({ id: ids[i] as number, path: s.path, genre: s.genre.name }));
}

/**
 * A stand-in for the committed default model, made with the same pipeline on windows of the given
 * genres (GTZAN ids, say): an .onnx + .card.json pair in `dir`, usable as settings.defaultModel.
 */
export async function writeDefaultModel(
  dir: string,
  genres: readonly string[],
  options: SyntheticOptions = {},
): Promise<string> {
  const random = seededRandom(options.seed ?? 5);
  const rows: number[][] = [];
  const classes: number[] = [];
  genres.forEach((g, c) => {
    const centre = genreCentre(g, options.separation ?? 1);
    for (let t = 0; t < 20; t++) {
      for (const w of trackWindows(centre, 2, random, options.trackSpread ?? 0.5, options.windowSpread ?? 0.3)) {
        rows.push(w);
        classes.push(c);
      }
    }
  });
  const scaler = fitScaler(rows);
  const model = trainSvcModel(await getLibsvm(), {
    classNames: genres,
    featureNames: FEATURE_NAMES,
    scaler,
    train: { rows: applyScaler(scaler, rows), classes, classCount: genres.length },
    params: { c: 4, gamma: 0.0175 },
    temperature: 1,
  });
  mkdirSync(dir, { recursive: true });
  const onnxPath = join(dir, 'test-default.onnx');
  writeFileSync(onnxPath, exportSvcOnnx(model));
  writeFileSync(
    join(dir, 'test-default.card.json'),
    JSON.stringify({
      id: 'test-default',
      kind: 'svc',
      genres: model.labels,
      featureNames: FEATURE_NAMES,
      analyzerVersion: ANALYZER_VERSION,
    }),
  );
  return onnxPath;
}
