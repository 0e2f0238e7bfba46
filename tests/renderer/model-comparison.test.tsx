// @vitest-environment jsdom
import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LibraryStats, ModelCardSummary, ModelComparisonRow } from '../../shared/api/types';
import { useLibrary } from '../../renderer/src/stores/library';
import { useSettings } from '../../renderer/src/stores/settings';
import { describeRow, ModelComparison } from '../../renderer/src/views/Overview/ModelComparison';
import { OverviewView } from '../../renderer/src/views/Overview/OverviewView';
import { installFakeClient, type FakeClient } from './fake-client';
import { flush, settingsFixture } from './fixtures';

const ROWS: ModelComparisonRow[] = [
  { model: 'svc', cvAccuracy: 0.733, cvStd: 0.055, filteredAccuracy: 0.476, ece: 0.026, realWorldAccuracy: 0.704 },
  { model: 'knn', cvAccuracy: 0.664, cvStd: 0.05, filteredAccuracy: 0.414, ece: 0.055, realWorldAccuracy: 0.481 },
  {
    model: 'decision-tree',
    cvAccuracy: 0.5,
    cvStd: 0.6, // wider than the bar: the whisker is clipped at 0
    filteredAccuracy: null,
    ece: 0.42,
    realWorldAccuracy: null,
  },
];

function rowsOf(): HTMLElement[] {
  return within(screen.getByRole('list')).getAllByRole('listitem');
}

describe('classifier comparison chart', () => {
  afterEach(() => cleanup());

  it('draws one row per model: accuracy bar, spread whisker, filtered and real marks, calibration error', () => {
    const { container } = render(<ModelComparison rows={ROWS} defaultModel="svc" />);
    const rows = rowsOf();
    expect(rows.map((r) => r.getAttribute('aria-label'))).toEqual(ROWS.map(describeRow));
    expect(rows[0]?.getAttribute('aria-label')).toBe(
      'SVC: 73.3% ± 5.5% in GTZAN cross-validation, 47.6% without shared artists, 70.4% on real recordings, calibration error 2.6%',
    );
    const svc = rows[0] as HTMLElement;
    expect(within(svc).getByText('default')).toBeTruthy();
    expect(within(rows[1] as HTMLElement).queryByText('default')).toBeNull();
    // Bar and whisker in percent of the track: 73.3 %, from 67.8 % to 78.8 %.
    const part = (row: HTMLElement, name: string): CSSStyleDeclaration | undefined =>
      row.querySelector<HTMLElement>(`[data-part="${name}"]`)?.style;
    expect(part(svc, 'cv')?.width).toBe('73.3%');
    expect(part(svc, 'spread')?.left).toBe('67.8%');
    expect(part(svc, 'spread')?.width).toBe('11%');
    // Calibration-error bars share a scale up to the worst model's (0.42 → 56 px).
    expect(parseFloat(part(svc, 'ece')?.width ?? '')).toBeCloseTo((0.026 / 0.42) * 56, 6);
    expect(part(svc, 'filtered')?.left).toBe('47.6%');
    expect(part(svc, 'real')?.left).toBe('70.4%');
    expect(within(svc).getByText('2.6%')).toBeTruthy();
    // A row without the filtered split or real recordings draws no marks for them.
    const tree = rows[2] as HTMLElement;
    expect(part(tree, 'filtered')).toBeUndefined();
    expect(part(tree, 'real')).toBeUndefined();
    expect(part(tree, 'spread')?.left).toBe('0%');
    expect(part(tree, 'spread')?.width).toBe('100%');
    expect(part(tree, 'ece')?.width).toBe('56px');
    // The legend names the real-recording mark only when a model has it.
    expect(container.textContent).toContain('Real recordings');
  });

  it('leaves the real-recording legend out when no model was scored on real recordings', () => {
    const { container } = render(
      <ModelComparison rows={ROWS.map((r) => ({ ...r, realWorldAccuracy: null }))} defaultModel="svc" />,
    );
    expect(container.textContent).not.toContain('Real recordings');
    expect(container.textContent).toContain('No shared artists');
  });
});

describe('Overview with the default model’s comparison', () => {
  let client: FakeClient;
  const stats: LibraryStats = {
    tracks: 10,
    gone: 0,
    durationSec: 2000,
    errors: 0,
    byFormat: [],
    byGenre: [],
    byPredicted: [{ key: 'rock', count: 10 }],
    byStatus: [{ key: 'review', count: 10 }],
    confidenceHistogram: [0, 0, 0, 0, 10, 0, 0, 0, 0, 0],
    analysed: 10,
    predicted: 10,
    reviewQueue: 10,
  };
  const settings = settingsFixture({ reviewThreshold: 0.655 });
  const card = (comparison: readonly ModelComparisonRow[] | null): ModelCardSummary => ({
    id: 'gtzan-svc',
    kind: 'svc',
    role: 'default',
    genres: ['blues', 'rock'],
    createdAt: '2026-11-21T00:00:00.000Z',
    cvAccuracy: 0.733,
    cvStd: 0.055,
    filteredAccuracy: 0.476,
    realWorldAccuracy: 0.704,
    ece: 0.026,
    confusion: [
      [5, 1],
      [2, 4],
    ],
    comparison,
    active: true,
  });

  beforeEach(() => {
    client = installFakeClient();
    useLibrary.getState().reset();
    useSettings.getState().reset();
    client
      .handle('roots.list', () => [
        { id: 1, path: '/music', addedAt: '2026-01-01T00:00:00Z', lastScanAt: null, trackCount: 10 },
      ])
      .handle('library.stats', () => stats)
      .handle('settings.get', () => settings);
  });
  afterEach(() => cleanup());

  async function show(): Promise<void> {
    render(<OverviewView />);
    await act(async () => {
      await new Promise((r) => setTimeout(r, 200));
      await flush();
    });
  }

  it('shows the comparison beside the model card when the default card has one', async () => {
    client.handle('models.list', () => [card(ROWS)]);
    await show();
    const chart = screen.getByRole('region', { name: 'Why this model' });
    expect(within(chart).getAllByRole('listitem')).toHaveLength(3);
    expect(screen.getByRole('region', { name: 'Default model (SVC)' })).toBeTruthy();
  });

  it('shows the model card alone when the card has no comparison', async () => {
    client.handle('models.list', () => [card(null)]);
    await show();
    expect(screen.getByRole('region', { name: 'Default model (SVC)' })).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Why this model' })).toBeNull();
  });
});
