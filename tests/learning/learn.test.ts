import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { learnPersonalModel } from '../../core/learning/learn.js';
import type { PersonalModelCard } from '../../core/learning/personal-card.js';
import { getSettings, updateSettings } from '../../core/library/settings.js';
import { loadGenreModel } from '../../core/model/genre-model.js';
import { loadAnalysis } from '../../core/analysis/store.js';
import { refreshPredictions } from '../../core/prediction/refresh.js';
import { CONTEXT_MODEL_ID, UNFAMILIAR_OOD } from '../../core/prediction/store.js';
import { fallBackFromContext, saveContextPredictions } from '../../core/prediction/context-store.js';
import { decide } from '../../core/decisions/decisions.js';
import { runCli } from '../helpers/cli.js';
import { seedTracks, tempLibrary, type TempLibrary } from '../helpers/library.js';
import { seedSyntheticLibrary, writeDefaultModel, type SyntheticTrack } from './helpers/synthetic-library.js';

interface LearnJson {
  genres: string[];
  n: number;
  cv: { folds: number; accuracy: number };
  modelId: string;
  perGenre: Record<string, number>;
  labelSources: Record<string, number>;
  activated: boolean;
  context: { active: boolean; genres: string[]; labelled: number; heldOut: { right: number; n: number } } | null;
}

interface LsJson {
  id: number;
  path: string;
  genres: string[];
  predicted: string | null;
  confidence: number | null;
  source: 'personal' | 'default' | null;
}

/**
 * A library of made-up genres (none of GTZAN's), tagged in the user's own spellings, with stored
 * analysis windows in a real SQLite file; a stand-in default model that knows only GTZAN ids.
 */
describe("genrewise learn on a library of the user's own genres", () => {
  let lib: TempLibrary;
  let tracks: SyntheticTrack[];
  let unanalysedId: number;
  beforeAll(async () => {
    lib = tempLibrary('gw-learn-');
    tracks = seedSyntheticLibrary(lib.db, [
      { name: 'Synthwave', tracks: 30 },
      { name: 'synthwave-lower', centre: 'Synthwave', tracks: 10, tags: ['synthwave'] },
      { name: 'Bossa Nova', tracks: 40 },
      { name: 'Soundtrack', tracks: 40 },
      { name: 'Polka', tracks: 4 },
      { name: 'untagged-soundtrack', centre: 'Soundtrack', tracks: 10, tags: [] },
      { name: 'untagged-between', centre: ['Synthwave', 'Bossa Nova', 'Soundtrack'], tracks: 10, tags: [] },
    ]);
    [unanalysedId] = seedTracks(lib.db, [{ path: '/music/new/not-analysed.mp3', genres: ['Soundtrack'] }]) as [number];
    updateSettings(lib.db, {
      defaultModel: await writeDefaultModel(join(lib.dir, 'default-model'), ['classical', 'jazz', 'rock']),
    });
    await refreshPredictions(lib.db); // what `analyze` leaves behind: every analysed track predicted by the default model
  });
  afterAll(() => lib.close());

  let first: LearnJson;

  it("learns the genres with enough tracks, in the user's spelling, with a high grouped CV accuracy", async () => {
    const r = await runCli(['learn', '--db', lib.dbPath, '--from-tags', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    first = JSON.parse(r.stdout) as LearnJson;
    expect(first).toMatchObject({
      genres: ['Bossa Nova', 'Soundtrack', 'Synthwave'],
      n: 120,
      cv: { folds: 5 },
      perGenre: { 'Bossa Nova': 40, Soundtrack: 40, Synthwave: 40 },
      labelSources: { decision: 0, tag: 120 },
      activated: false,
      context: null,
    });
    expect(first.modelId).toMatch(/^personal-[0-9a-f]{12}$/);
    expect(first.cv.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(getSettings(lib.db).personalModel).toBeNull();
  });

  it('stores the ONNX model and its card beside the library and registers it as personal', async () => {
    const onnxPath = join(lib.dir, 'models', `${first.modelId}.onnx`);
    const cardPath = join(lib.dir, 'models', `${first.modelId}.card.json`);
    expect(existsSync(onnxPath)).toBe(true);
    const card = JSON.parse(readFileSync(cardPath, 'utf8')) as PersonalModelCard;
    expect(card).toMatchObject({
      id: first.modelId,
      kind: 'svc',
      role: 'personal',
      genres: first.genres,
      modelFile: `${first.modelId}.onnx`,
    });
    expect(card.featureNames).toHaveLength(57);
    expect(card.trainingData).toMatchObject({
      library: 'library.db',
      tracks: 120,
      windows: 360,
      leftOut: [{ genre: 'Polka', tracks: 4 }],
    });
    expect(card.evaluation.cv).toMatchObject({
      level: 'track',
      folds: 5,
      accuracy: expect.closeTo(first.cv.accuracy, 6),
    });
    expect(card.evaluation.cv.confusion.flat().reduce((a, b) => a + b)).toBe(120);
    expect(card.evaluation.cv.ece).toBeLessThan(0.1);
    expect(card.probabilities.temperature).toBeGreaterThan(0);
    // Held-out tracks of the labelled genres are familiar to it, and almost all are shown.
    expect(card.outOfDistribution).toMatchObject({ k: 5, percentile: 99, trainingRows: 360 });
    expect(card.evaluation.cv.shown.familiar).toBeGreaterThanOrEqual(0.9);
    expect(card.evaluation.cv.shown.share).toBeGreaterThanOrEqual(0.85);
    expect(card.evaluation.cv.shown.accuracy).toBeGreaterThanOrEqual(0.95);
    const row = lib.db.prepare('SELECT role, kind, path FROM models WHERE id = ?').get(first.modelId);
    expect(row).toEqual({ role: 'personal', kind: 'svc', path: onnxPath });

    // Loaded like any model (card checked against the extractor), it recognises an unlabelled track.
    const model = await loadGenreModel(onnxPath);
    const untagged = tracks.find((t) => t.genre === 'untagged-soundtrack')!;
    const windows = loadAnalysis(lib.db, untagged.id)!.windows.map((w) => Array.from(w.features));
    expect((await model.classifyTrack(windows)).genre).toBe('Soundtrack');
  });

  it('retrains deterministically: same labels, same model file and id; a new decision changes it', async () => {
    const onnxPath = join(lib.dir, 'models', `${first.modelId}.onnx`);
    const bytes = readFileSync(onnxPath);
    const again = await learnPersonalModel(lib.db, { fromTags: true });
    expect(again.modelId).toBe(first.modelId);
    expect(again.cv.accuracy).toBe(first.cv.accuracy);
    expect(readFileSync(onnxPath).equals(bytes)).toBe(true);

    const between = tracks.find((t) => t.genre === 'untagged-between')!;
    decide(lib.db, between.id, { action: 'choose', genre: 'bossa nova' });
    const changed = await learnPersonalModel(lib.db, { fromTags: true });
    expect(changed.modelId).not.toBe(first.modelId);
    expect(changed.labelSources).toEqual({ decision: 1, tag: 120 });
    expect(changed.perGenre['Bossa Nova']).toBe(41);
    lib.db.prepare('DELETE FROM decisions WHERE track_id = ?').run(between.id);
  });

  it('--activate makes it the active model, re-learns the context model, and labels every prediction with its source', async () => {
    const r = await runCli(['learn', '--db', lib.dbPath, '--from-tags', '--activate', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const learned = JSON.parse(r.stdout) as LearnJson;
    expect(learned).toMatchObject({ modelId: first.modelId, activated: true });
    expect(getSettings(lib.db).personalModel).toBe(first.modelId);

    // What the app's "Learn from my library" does, at once: the library-context model, from the
    // same decisions and tags (Polka's 4 tracks too, which the SVC leaves out), answers for every
    // analysed track; the JSON says how many labelled tracks it gets right, each left out.
    expect(learned.context).toMatchObject({ active: true, labelled: 124 });
    expect(learned.context?.genres).toEqual(['Bossa Nova', 'Polka', 'Soundtrack', 'Synthwave']);
    expect(learned.context?.heldOut.n).toBe(124);
    expect(learned.context?.heldOut.right).toBeGreaterThanOrEqual(118);
    const shown = lib.db.prepare('SELECT track_id, model_id, genre FROM current_predictions').all() as {
      track_id: number;
      model_id: string;
      genre: string;
    }[];
    expect(shown).toHaveLength(tracks.length);
    expect(new Set(shown.map((row) => row.model_id))).toEqual(new Set([CONTEXT_MODEL_ID]));
    const soundtrackIds = new Set(tracks.filter((t) => t.genre === 'untagged-soundtrack').map((t) => t.id));
    expect(shown.filter((row) => soundtrackIds.has(row.track_id)).map((row) => row.genre)).toEqual(
      Array(10).fill('Soundtrack'),
    );
    const text = await runCli(['learn', '--db', lib.dbPath, '--from-tags', '--activate']);
    expect(text.stdout).toMatch(
      /Tracks show the library-context model's genre, re-learned now .*: it gets \d+ of your 124 labelled tracks right/,
    );

    // Beneath it, where the context model has no answer (as when the labels come to name fewer
    // than two genres: the pass drops its rows and the next refresh chooses again), the rule:
    // the personal model's answer where it is confident and familiar, else the default's.
    fallBackFromContext(lib.db, saveContextPredictions(lib.db, [], new Date().toISOString()));
    await refreshPredictions(lib.db);
    const threshold = getSettings(lib.db).reviewThreshold;
    const rows = lib.db
      .prepare(
        `SELECT c.track_id, c.source, c.genre, c.model_id, p.confidence AS pc, p.ood_score AS pood, d.genre AS dg
           FROM current_predictions c
           JOIN predictions p ON p.track_id = c.track_id AND p.model_id = ?
           JOIN predictions d ON d.track_id = c.track_id AND d.model_id = 'test-default'`,
      )
      .all(first.modelId) as {
      track_id: number;
      source: string;
      genre: string;
      model_id: string;
      pc: number;
      pood: number | null;
      dg: string;
    }[];
    expect(rows).toHaveLength(tracks.length);
    for (const row of rows) {
      const personal = row.pc >= threshold && (row.pood ?? 0) <= UNFAMILIAR_OOD;
      expect(row.source).toBe(personal ? 'personal' : 'default');
      expect(row.model_id).toBe(personal ? first.modelId : 'test-default');
      if (!personal) expect(row.genre).toBe(row.dg);
    }
    const sources = new Set(rows.map((r) => r.source));
    expect(sources).toEqual(new Set(['personal', 'default']));

    // `ls --json`: every track with its current prediction and source; the scan fields stay.
    const ls = await runCli(['ls', '--db', lib.dbPath, '--json']);
    expect(ls.code).toBe(0);
    const listed = JSON.parse(ls.stdout) as LsJson[];
    expect(listed).toHaveLength(tracks.length + 1);
    for (const t of listed) {
      expect(Object.keys(t)).toEqual(
        expect.arrayContaining(['id', 'path', 'genres', 'durationSec', 'predicted', 'confidence', 'source']),
      );
    }
    expect(listed.find((t) => t.id === unanalysedId)).toMatchObject({
      predicted: null,
      confidence: null,
      source: null,
      genres: ['Soundtrack'],
    });
    // Untagged tracks of a learned genre: the personal model knows them. A few may still sit just
    // past the edge of its training windows (OOD score a little above 1) and fall back.
    const untaggedSoundtrack = new Set(tracks.filter((t) => t.genre === 'untagged-soundtrack').map((t) => t.id));
    const personalGenres = lib.db
      .prepare(
        `SELECT genre FROM predictions WHERE model_id = ? AND track_id IN (${[...untaggedSoundtrack].join(', ')})`,
      )
      .pluck()
      .all(first.modelId);
    expect(personalGenres).toEqual(Array(10).fill('Soundtrack'));
    const shownPersonal = listed.filter((l) => untaggedSoundtrack.has(l.id) && l.source === 'personal');
    expect(shownPersonal.length).toBeGreaterThanOrEqual(8);
    for (const t of shownPersonal) {
      expect(t.predicted).toBe('Soundtrack');
      expect(t.confidence).toBeGreaterThanOrEqual(threshold);
    }
    const between = new Set(tracks.filter((t) => t.genre === 'untagged-between').map((t) => t.id));
    expect(listed.filter((l) => between.has(l.id) && l.source === 'default').length).toBeGreaterThan(0);
  });

  it('can read only the features that do not follow the recording level', async () => {
    const r = await runCli(['learn', '--db', lib.dbPath, '--from-tags', '--features', 'level-invariant', '--json']);
    expect(r.code).toBe(0);
    const learned = JSON.parse(r.stdout) as LearnJson & { featureSet: string };
    expect(learned.featureSet).toBe('level-invariant');
    expect(learned.modelId).not.toBe(first.modelId);
    const card = JSON.parse(
      readFileSync(join(lib.dir, 'models', `${learned.modelId}.card.json`), 'utf8'),
    ) as PersonalModelCard;
    expect(card.featureNames).toHaveLength(49);
    expect(card.featureNames).not.toContain('rms_mean');
    // Fed full extractor vectors, it picks its own 49 columns.
    const model = await loadGenreModel(join(lib.dir, 'models', `${learned.modelId}.onnx`));
    const track = tracks.find((t) => t.genre === 'Bossa Nova')!;
    expect(
      (await model.classifyTrack(loadAnalysis(lib.db, track.id)!.windows.map((w) => Array.from(w.features)))).genre,
    ).toBe('Bossa Nova');
    expect((await runCli(['learn', '--db', lib.dbPath, '--features', 'loud'])).stderr).toContain(
      'unknown feature set "loud"',
    );
  });

  it('explains what is missing when there are too few tracks per genre', async () => {
    const tooFew = await runCli(['learn', '--db', lib.dbPath, '--from-tags', '--min-per-genre', '41']);
    expect(tooFew.code).toBe(2);
    expect(tooFew.stdout).toBe('');
    expect(tooFew.stderr).toBe(
      'genrewise learn: need at least 41 tracks in at least 2 genres; you have: Bossa Nova 40, Soundtrack 40, Synthwave 40, Polka 4 ' +
        '(1 more labelled track is not analysed yet); label more tracks with `genrewise decide <track> <genre>`\n',
    );
    const noLabels = await runCli(['learn', '--db', lib.dbPath]);
    expect(noLabels.code).toBe(2);
    expect(noLabels.stderr).toContain(
      'you have: no labelled tracks; label tracks with `genrewise decide <track> <genre>`, or add --from-tags',
    );
    const bad = await runCli(['learn', '--db', lib.dbPath, '--min-per-genre', '1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('invalid value for --min-per-genre');
  });
});
