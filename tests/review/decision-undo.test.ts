import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decide, getDecision } from '../../core/decisions/decisions.js';
import { acceptAbove } from '../../core/review/bulk-accept.js';
import {
  clearDecisions,
  decisionHistory,
  previewAcceptAbove,
  undoDecisionGroup,
} from '../../core/review/decision-undo.js';
import { seedTracks, tempLibrary, type TempLibrary } from '../helpers/library.js';

describe('taking decisions back', () => {
  let lib: TempLibrary;
  let ids: number[];
  beforeEach(() => {
    lib = tempLibrary();
    ids = seedTracks(lib.db, [
      { path: '/m/a.mp3', predicted: 'rock', confidence: 0.95, genres: [] },
      { path: '/m/b.mp3', predicted: 'rock', confidence: 0.92, genres: [] },
      { path: '/m/c.mp3', predicted: 'disco', confidence: 0.91, genres: [] },
      { path: '/m/d.mp3', predicted: 'jazz', confidence: 0.3, genres: [] },
    ]);
  });
  afterEach(() => lib.close());

  it('previews a bulk accept (how many, which genres) without deciding anything', () => {
    expect(previewAcceptAbove(lib.db, 0.9)).toEqual({
      count: 3,
      byGenre: [
        { key: 'rock', count: 2 },
        { key: 'disco', count: 1 },
      ],
    });
    expect(ids.map((id) => getDecision(lib.db, id))).toEqual([null, null, null, null]);
    expect(acceptAbove(lib.db, 0.9)).toBe(3);
  });

  it('clears one decision or several at once', () => {
    decide(lib.db, ids[0]!, { action: 'choose', genre: 'metal' });
    decide(lib.db, ids[3]!, { action: 'skip' });
    expect(clearDecisions(lib.db, [ids[0]!, ids[3]!, ids[1]!])).toBe(2);
    expect(getDecision(lib.db, ids[0]!)).toBeNull();
    expect(getDecision(lib.db, ids[3]!)).toBeNull();
  });

  it('undoes a whole bulk accept from the history, giving back earlier decisions', async () => {
    decide(lib.db, ids[0]!, { action: 'choose', genre: 'metal' }, 'model');
    await new Promise((r) => setTimeout(r, 5));
    acceptAbove(lib.db, 0.9);
    const [bulk] = decisionHistory(lib.db);
    expect(bulk).toMatchObject({ source: 'model', count: 3, current: 3, track: null });
    expect(bulk?.byGenre).toEqual([
      { key: 'rock', count: 2 },
      { key: 'disco', count: 1 },
    ]);
    expect(undoDecisionGroup(lib.db, bulk!.decidedAt, 'model')).toBe(3);
    // The track decided before the bulk accept gets its earlier decision back; the others none.
    expect(getDecision(lib.db, ids[0]!)).toMatchObject({ action: 'choose', genre: 'metal' });
    expect(getDecision(lib.db, ids[1]!)).toBeNull();
    expect(getDecision(lib.db, ids[2]!)).toBeNull();
    expect(decisionHistory(lib.db)[0]).toMatchObject({ decidedAt: bulk!.decidedAt, current: 0 });
  });

  it('undoes a single decision from the history, and only while it still stands', async () => {
    decide(lib.db, ids[3]!, { action: 'choose', genre: 'blues' });
    await new Promise((r) => setTimeout(r, 5));
    decide(lib.db, ids[3]!, { action: 'skip' });
    const [skip, blues] = decisionHistory(lib.db);
    expect(skip).toMatchObject({ count: 1, current: 1, track: { id: ids[3], action: 'skip', path: '/m/d.mp3' } });
    expect(blues).toMatchObject({ current: 0 });
    expect(undoDecisionGroup(lib.db, blues!.decidedAt, 'user')).toBe(0);
    expect(undoDecisionGroup(lib.db, skip!.decidedAt, 'user')).toBe(1);
    expect(getDecision(lib.db, ids[3]!)).toMatchObject({ action: 'choose', genre: 'blues' });
  });
});
