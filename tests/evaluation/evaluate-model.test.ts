import { describe, expect, it } from 'vitest';
import { evaluateRecordings, type TrackClassifier } from '../../core/evaluation/evaluate-model.js';
import type { AnalysedRecording } from '../../core/evaluation/recordings.js';
import { shownConfidence } from '../../core/prediction/store.js';

const recording = (path: string, genre: string, windows: number[][] = [[1]]): AnalysedRecording => ({
  recording: { path, genre, label: genre },
  windows,
});

describe('evaluateRecordings', () => {
  it('judges confident mistakes on the shown confidence, counts the unfamiliar, lists failures apart', async () => {
    // The classifier's answer is keyed by the window's first value.
    const answers: Record<number, { genre: string; confidence: number; ood: number | null }> = {
      1: { genre: 'rock', confidence: 0.95, ood: 0.5 }, // familiar, confidently wrong for a jazz track
      2: { genre: 'rock', confidence: 0.95, ood: 1.5 }, // the same mistake on unfamiliar audio: shown low
      3: { genre: 'jazz', confidence: 0.6, ood: 0.9 },
    };
    const classify: TrackClassifier = async (windows) => answers[windows[0]?.[0] ?? 0]!;
    const evaluation = await evaluateRecordings(
      [
        recording('/a', 'jazz', [[1]]),
        recording('/b', 'jazz', [[2]]),
        recording('/c', 'jazz', [[3], [3]]),
        {
          recording: { path: '/d', genre: 'jazz', label: 'jazz' },
          windows: [],
          error: { kind: 'missing', message: 'no such file' },
        },
      ],
      classify,
      { genres: ['jazz', 'rock'] },
    );
    expect(evaluation.failed).toBe(1);
    expect(evaluation.scores.n).toBe(3);
    expect(evaluation.scores.accuracy).toBeCloseTo(1 / 3, 12);
    expect(evaluation.scores.confidentlyWrong.count).toBe(1);
    expect(evaluation.scores.unfamiliar).toEqual({ threshold: 1, count: 1, rate: 1 / 3 });
    expect(evaluation.verdicts[1]).toEqual({
      path: '/b',
      truth: 'jazz',
      predicted: 'rock',
      probability: 0.95,
      confidence: shownConfidence(0.95, 1.5),
      ood: 1.5,
    });
    expect(evaluation.verdicts[3]).toMatchObject({
      path: '/d',
      predicted: null,
      confidence: null,
      error: { kind: 'missing' },
    });
  });
});
