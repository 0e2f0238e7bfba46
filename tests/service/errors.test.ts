import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError, KindedError } from '../../shared/api/contract.js';
import type { JobProgress, Settings } from '../../shared/api/types.js';
import { DEFAULT_SETTINGS, getSetting } from '../../core/library/settings.js';
import { changesPredictions } from '../../core/prediction/settings-change.js';
import { toApiError } from '../../core/service/errors.js';
import type { ApiService } from '../../core/service/types.js';
import { seedTracks, tempLibrary, type TempLibrary } from '../helpers/library.js';
import { serviceWithoutAnalysis } from '../helpers/service.js';

async function rejection(call: Promise<unknown>): Promise<ApiError> {
  const err = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

describe('errors leaving the service', () => {
  let lib: TempLibrary;
  let service: ApiService;
  beforeEach(() => {
    lib = tempLibrary('gw-errors-');
    seedTracks(lib.db, [{ path: '/music/a.mp3', genres: [] }]);
    service = serviceWithoutAnalysis(lib.db);
  });
  afterEach(async () => {
    await service.close();
    lib.close();
  });

  it('carry the kind the core error declares, whatever it is called', async () => {
    class OddlyNamedNotFound extends KindedError {
      override name = 'Whatever';
    }
    expect(toApiError(new OddlyNamedNotFound('not-found', 'gone')).code).toBe('not-found');
    expect(toApiError(new OddlyNamedNotFound('conflict', 'busy')).code).toBe('conflict');
    // A plain error named like a domain error is still ours: no guessing from names or text.
    const named = new Error('no such track');
    named.name = 'TrackNotFoundError';
    expect(toApiError(named).code).toBe('internal');
    expect(toApiError(new TypeError('x is undefined')).code).toBe('internal');
  });

  it('are typed for every handler: a bad decision, an unknown track, a bad setting', async () => {
    const [id] = lib.db.prepare('SELECT id FROM tracks').pluck().all() as number[];
    const accept = await rejection(service.handlers['review.decide']({ id: id!, decision: { action: 'accept' } }));
    expect(accept).toMatchObject({ code: 'bad-request', message: expect.stringContaining('no prediction to accept') });
    expect((await rejection(service.handlers['tracks.get']({ id: 424242 }))).code).toBe('not-found');
    const setting = await rejection(
      service.handlers['settings.update']({ reviewThreshold: 7 } as unknown as Partial<Settings>),
    );
    expect(setting.code).toBe('bad-request');
    expect(getSetting(lib.db, 'reviewThreshold')).toBe(0.6);
    expect((await rejection(service.handlers['review.acceptAbove']({ threshold: 2 }))).code).toBe('bad-request');
  });

  it('settings.update re-predicts exactly when the change calls for it', async () => {
    const jobs: JobProgress[] = [];
    const stop = service.subscribe((event, payload) => {
      if (event === 'job') jobs.push(payload as JobProgress);
    });
    await service.handlers['settings.update']({ acceptThreshold: 0.9 });
    await service.handlers['settings.update']({ reviewThreshold: 0.5 }); // no personal model: nothing to re-pick
    expect(jobs).toEqual([]);
    await service.handlers['settings.update']({ defaultModel: 'knn' });
    expect(jobs.map((j) => j.kind)).toContain('predict');
    stop();
  });
});

describe('which settings changes re-predict', () => {
  const base: Settings = { ...DEFAULT_SETTINGS, displayNames: {}, aliases: {} };
  it('another model, or another review threshold while a personal model answers', () => {
    expect(changesPredictions(base, { ...base, acceptThreshold: 0.9, aliases: { rap: 'hiphop' } })).toBe(false);
    expect(changesPredictions(base, { ...base, reviewThreshold: 0.7 })).toBe(false);
    expect(changesPredictions(base, { ...base, defaultModel: 'knn' })).toBe(true);
    expect(changesPredictions(base, { ...base, personalModel: 'personal-1' })).toBe(true);
    const personal = { ...base, personalModel: 'personal-1' };
    expect(changesPredictions(personal, { ...personal, reviewThreshold: 0.7 })).toBe(true);
    expect(changesPredictions(personal, { ...personal, personalModel: null })).toBe(true);
  });
});
