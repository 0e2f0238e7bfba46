import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadAnalysis, saveAnalysisFailure } from '../../core/analysis/store.js';
import { saveContextPredictions } from '../../core/prediction/context-store.js';
import type { ApiService } from '../../core/service/types.js';
import { tempLibrary, type TempLibrary } from '../helpers/library.js';
import { serviceWithoutAnalysis } from '../helpers/service.js';
import { seedSyntheticLibrary, type SyntheticTrack } from '../learning/helpers/synthetic-library.js';

/**
 * The preview plays the analysed part, whichever model predicted: the library-context model
 * stores no per-window genres, yet the track's analysed windows are known from its analysis.
 */
describe('tracks.get analysed windows', () => {
  let lib: TempLibrary;
  let service: ApiService;
  let tracks: SyntheticTrack[];

  beforeEach(() => {
    lib = tempLibrary('gw-detail-windows-');
    tracks = seedSyntheticLibrary(lib.db, [{ name: 'Drone', tracks: 2, tags: [] }], { windowsPerTrack: 2 });
    service = serviceWithoutAnalysis(lib.db);
  });

  afterEach(async () => {
    await service.close();
    lib.close();
  });

  it('gives the analysis windows of a track the library-context model predicted', async () => {
    const id = tracks[0]!.id;
    saveContextPredictions(
      lib.db,
      [
        {
          trackId: id,
          analysisId: loadAnalysis(lib.db, id)!.id,
          genre: 'Drone',
          probability: 0.9,
          confidence: 0.9,
          oodScore: 0.5,
          probabilities: { Drone: 0.9 },
          reason: '2 tracks of this folder are decided Drone',
        },
      ],
      '2026-01-01T00:00:00Z',
    );
    const detail = await service.handlers['tracks.get']({ id });
    expect(detail.modelId).toBe('library-context');
    expect(detail.windows).toEqual([]);
    // seedSyntheticLibrary stores windows at 24 s and 94 s, 30 s each.
    expect(detail.analysedWindows).toEqual([
      { startSec: 24, durationSec: 30 },
      { startSec: 94, durationSec: 30 },
    ]);
  });

  it('gives none for a track whose analysis failed', async () => {
    const t = tracks[1]!;
    saveAnalysisFailure(
      lib.db,
      { trackId: t.id, path: t.path, size: 1000, mtimeMs: 0, durationSec: 240 },
      { kind: 'extract', message: 'digital silence' },
    );
    const detail = await service.handlers['tracks.get']({ id: t.id });
    expect(detail.analysedWindows).toEqual([]);
  });
});
