import { describe, expect, it } from 'vitest';
import { summariseCard } from '../../core/prediction/models.js';

/** What the app reads from a model card: the evaluation figures and the classifier comparison. */
describe('model card summary', () => {
  const card = {
    genres: ['blues', 'rock'],
    createdAt: '2026-11-21T00:00:00.000Z',
    evaluation: {
      cv: { meanAccuracy: 0.733, std: 0.055, ece: 0.026, confusion: [[1]] },
      filtered: { accuracy: 0.476 },
      realWorld: { accuracy: 0.704 },
    },
    comparison: {
      note: '…',
      models: {
        svc: {
          cv: { folds: 10, accuracy: 0.733, std: 0.055 },
          filtered: { accuracy: 0.476 },
          ece: 0.026,
          realWorld: { n: 27, accuracy: 0.704 },
          params: { c: 8 },
        },
        'decision-tree': {
          cv: { folds: 10, accuracy: 0.5, std: 0.02 },
          filtered: null,
          ece: 0.42,
          realWorld: null,
          params: {},
        },
        broken: { cv: { accuracy: 'high' }, ece: 0.1 },
      },
    },
  };

  it('reads the comparison in the card’s order, nulls where a model has no figure, skipping malformed entries', () => {
    const summary = summariseCard('gtzan-svc', 'default', 'svc', card, true);
    expect(summary.cvAccuracy).toBe(0.733);
    expect(summary.comparison).toEqual([
      { model: 'svc', cvAccuracy: 0.733, cvStd: 0.055, filteredAccuracy: 0.476, ece: 0.026, realWorldAccuracy: 0.704 },
      {
        model: 'decision-tree',
        cvAccuracy: 0.5,
        cvStd: 0.02,
        filteredAccuracy: null,
        ece: 0.42,
        realWorldAccuracy: null,
      },
    ]);
  });

  it('has no comparison for a card without one (the KNN, a personal model, an older card)', () => {
    const { comparison: _, ...plain } = card;
    expect(summariseCard('gtzan-knn', 'default', 'knn', plain, false).comparison).toBeNull();
    expect(summariseCard('x', 'default', 'svc', { ...card, comparison: { models: [] } }, false).comparison).toBeNull();
  });
});
