// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useLibrary } from '../../renderer/src/stores/library';
import { useSettings } from '../../renderer/src/stores/settings';
import { SettingsView } from '../../renderer/src/views/Settings/SettingsView';
import { installFakeClient } from './fake-client';
import { settingsFixture } from './fixtures';
import { settle } from './settle';

/**
 * Settings re-read from the server (on opening the screen, after a learn job) used to replace
 * the whole form, so a name typed in the first moments after opening Settings vanished (a CI run
 * of quiet-validation hit this). What the user changed stays; the rest follows the server.
 */
describe('typing in Settings while it re-reads', () => {
  beforeEach(() => {
    installFakeClient()
      .handle('settings.get', () => settingsFixture())
      .handle('models.list', () => [])
      .handle('roots.list', () => [])
      .handle('learning.readiness', () => ({ ready: false, minPerGenre: 1, genres: [], unanalysed: 0, reason: 'x' }));
    useSettings.getState().reset();
    useLibrary.getState().reset();
  });
  afterEach(() => cleanup());

  it('keeps a typed display name when the settings arrive again, and takes the server’s other changes', async () => {
    useSettings.setState({ settings: settingsFixture() });
    render(<SettingsView />);
    fireEvent.change(screen.getByLabelText('blues', { exact: true }), { target: { value: 'Delta Blues' } });
    await settle();
    act(() => useSettings.setState({ settings: settingsFixture({ reviewThreshold: 0.42 }) }));
    expect((screen.getByLabelText('blues', { exact: true }) as HTMLInputElement).value).toBe('Delta Blues');
    expect(screen.getByRole('button', { name: /^Save/ }).hasAttribute('disabled')).toBe(false);
    expect((screen.getByLabelText(/Review tracks below/) as HTMLInputElement).value).toBe('42');
  });
});
