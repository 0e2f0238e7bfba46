// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LearningReadiness } from '../../shared/api/types';
import { useJobs } from '../../renderer/src/stores/jobs';
import { useLibrary } from '../../renderer/src/stores/library';
import { useSettings } from '../../renderer/src/stores/settings';
import { SettingsView } from '../../renderer/src/views/Settings/SettingsView';
import { FakeClient, installFakeClient } from './fake-client';
import { job, libraryStats, settingsFixture } from './fixtures';
import { settle } from './settle';

describe('learn from my library', () => {
  let client: FakeClient;
  let readiness: LearningReadiness;

  beforeEach(async () => {
    client = installFakeClient();
    useJobs.getState().reset();
    useSettings.getState().reset();
    useLibrary.getState().reset();
    readiness = {
      ready: false,
      minPerGenre: 1,
      genres: [{ genre: 'Classical', tracks: 2 }],
      unanalysed: 0,
      reason: 'Needs decided or tagged tracks in at least 2 genres (you have Classical 2).',
    };
    client
      .handle('settings.get', () => settingsFixture())
      .handle('models.list', () => [])
      .handle('roots.list', () => [])
      .handle('library.stats', () => {
        throw new Error('not needed');
      })
      .handle('learning.readiness', () => readiness)
      .handle('jobs.dismiss', () => ({ dismissed: true }));
  });

  afterEach(() => cleanup());

  it('is disabled with the reason, in display names, when it cannot work', async () => {
    render(<SettingsView />);
    await settle();
    const button = screen.getByRole('button', { name: 'Learn from my library' });
    expect(button.hasAttribute('disabled')).toBe(true);
    expect(screen.getByText(/you have Classical 2/)).toBeTruthy();
    expect(client.callsOf('learning.readiness')).toContainEqual({});
    // No choice about tags any more: the context model always learns from decisions and tags.
    expect(screen.queryByRole('checkbox')).toBeNull();
  });

  it('re-learns at once and reports how many of your labels it gets right', async () => {
    readiness = { ...readiness, ready: true, reason: null };
    client.handle('jobs.learn', () => job('l2', { kind: 'learn', state: 'queued' }));
    render(<SettingsView />);
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Learn from my library' }));
    await settle();
    expect(client.callsOf('jobs.learn')).toEqual([{}]);
    act(() => {
      useJobs.getState().update(
        job('l2', {
          kind: 'learn',
          state: 'done',
          message:
            're-learned your 2 genres from 3 labelled tracks (2 of 3 right, 67 %, each predicted with its own label left out) and re-predicted 40 in 0.01 s',
        }),
      );
    });
    expect(screen.getByText(/^Re-learned your 2 genres from 3 labelled tracks \(2 of 3 right, 67 %/)).toBeTruthy();
  });

  it('lets a failed learn job be dismissed, on the backend too', async () => {
    useJobs.getState().update(job('l1', { kind: 'learn', state: 'failed', message: 'need at least 10 tracks' }));
    render(<SettingsView />);
    await settle();
    expect(screen.getByText('need at least 10 tracks')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    await settle();
    expect(client.callsOf('jobs.dismiss')).toEqual([{ id: 'l1' }]);
    expect(screen.queryByText('need at least 10 tracks')).toBeNull();
  });

  it("is not busy or reporting for the app's own background re-learning", async () => {
    readiness = { ...readiness, ready: true, reason: null };
    useJobs.getState().update(
      job('bg', {
        kind: 'learn',
        state: 'done',
        background: true,
        message: 're-learned your 2 genres from 4 labelled tracks',
      }),
    );
    useJobs.getState().update(job('bg2', { kind: 'learn', state: 'running', background: true }));
    render(<SettingsView />);
    await settle();
    expect(screen.getByRole('button', { name: 'Learn from my library' }).hasAttribute('disabled')).toBe(false);
    expect(screen.queryByText(/re-learned your 2 genres/)).toBeNull();
  });

  it('asks again whether it can learn after the library changed, and blocks nothing when that fails', async () => {
    render(<SettingsView />);
    await settle();
    expect(screen.getByRole('button', { name: 'Learn from my library' }).hasAttribute('disabled')).toBe(true);
    const asked = client.callsOf('learning.readiness').length;
    client.fail('learning.readiness', 'conflict', 'the library is being scanned');
    act(() => useLibrary.setState({ stats: libraryStats(3) }));
    await settle();
    expect(client.callsOf('learning.readiness')).toHaveLength(asked + 1);
    expect(screen.getByRole('button', { name: 'Learn from my library' }).hasAttribute('disabled')).toBe(false);
    expect(screen.queryByText(/you have Classical 2/)).toBeNull();
    expect(screen.queryByText('the library is being scanned')).toBeNull();
  });
});
