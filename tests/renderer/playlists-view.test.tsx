// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useSettings } from '../../renderer/src/stores/settings';
import { PlaylistsView } from '../../renderer/src/views/Playlists/PlaylistsView';
import { FakeClient, installFakeClient } from './fake-client';
import { settle } from './settle';

describe('playlists screen', () => {
  let client: FakeClient;
  beforeEach(() => {
    client = installFakeClient();
    useSettings.getState().reset();
    client.handle('playlists.preview', ({ source }) => ({
      tracks: source === 'decided' ? 2 : 0,
      playlists:
        source === 'decided'
          ? [
              {
                genre: 'blues',
                name: 'Blues',
                tracks: 1,
                sample: [{ path: '/m/so-what.flac', title: 'So What', artist: 'Miles Davis' }],
              },
              {
                genre: 'jazz',
                name: 'Jazz',
                tracks: 2,
                sample: [
                  { path: '/m/so-what.flac', title: 'So What', artist: 'Miles Davis' },
                  { path: '/m/untitled.mp3', title: null, artist: null },
                ],
              },
            ]
          : [],
    }));
  });
  afterEach(() => cleanup());

  it('shows each playlist and its tracks before anything is exported', async () => {
    render(<PlaylistsView />);
    await settle(300);
    expect(client.callsOf('playlists.preview')).toEqual([{ source: 'decided' }]);
    const list = screen.getByRole('list', { name: 'Playlists to export' });
    expect(within(list).getByText('Jazz')).toBeTruthy();
    // So What is in both playlists: the total counts it once.
    expect(screen.getByText(/^2 playlists, 2 tracks \(1 in two or more\)\./)).toBeTruthy();
    expect(within(list).getByText('2 tracks')).toBeTruthy();
    expect(within(list).getAllByText('So What')).toHaveLength(2);
    expect(within(list).getByText('untitled.mp3')).toBeTruthy();
    expect(client.callsOf('playlists.export')).toEqual([]);

    fireEvent.click(screen.getByRole('radio', { name: /Predictions/ }));
    await settle(300);
    expect(client.callsOf('playlists.preview').at(-1)).toEqual({ source: 'predicted', minConfidence: 0.6 });
    expect(screen.getByText('No track has a genre from this source yet.')).toBeTruthy();
  });

  it('browses the server’s folders for the destination in browser mode', async () => {
    client.handle('folders.list', ({ path }) => ({
      path: path ?? null,
      parent: null,
      folders: path === undefined ? [{ name: '/home/me', path: '/home/me' }] : [],
      places: [],
    }));
    render(<PlaylistsView />);
    fireEvent.click(screen.getByRole('button', { name: 'Browse…' }));
    await settle(0);
    fireEvent.click(screen.getByRole('button', { name: '/home/me' }));
    await settle(0);
    fireEvent.click(screen.getByRole('button', { name: 'Use this folder' }));
    expect((screen.getByLabelText('Destination folder') as HTMLInputElement).value).toBe('/home/me');
  });

  it('shows why an export failed, without the result of the export before it', async () => {
    client.handle('playlists.export', ({ out, format }) => ({ out, format, playlists: [], skipped: [], removed: [] }));
    render(<PlaylistsView />);
    fireEvent.change(screen.getByLabelText('Destination folder'), { target: { value: '/home/me/Playlists' } });
    fireEvent.click(screen.getByRole('button', { name: 'Export playlists' }));
    await settle();
    expect(screen.getByText('No playlists written')).toBeTruthy();

    client.fail('playlists.export', 'bad-request', '/home/me/Playlists is not writable');
    fireEvent.click(screen.getByRole('button', { name: 'Export playlists' }));
    await settle();
    expect(screen.getByText('The playlists could not be written')).toBeTruthy();
    expect(screen.getByText('/home/me/Playlists is not writable')).toBeTruthy();
    expect(screen.queryByText('No playlists written')).toBeNull();
    expect(screen.getByRole('button', { name: 'Export playlists' }).hasAttribute('disabled')).toBe(false);
  });

  it('keeps the last preview while the next is worked out, and says why one could not be', async () => {
    render(<PlaylistsView />);
    await settle(300);
    client.fail('playlists.preview', 'conflict', 'the library is being scanned');
    fireEvent.click(screen.getByRole('radio', { name: /Predictions/ }));
    await settle();
    // Asked only once the choice has rested 250 ms; the decided playlists stay meanwhile.
    expect(client.callsOf('playlists.preview')).toHaveLength(1);
    expect(screen.getByText(/^2 playlists, 2 tracks/)).toBeTruthy();
    await settle(300);
    expect(screen.getByText('the library is being scanned')).toBeTruthy();
    expect(screen.getByText(/^2 playlists, 2 tracks/)).toBeTruthy();

    client.handle('playlists.preview', () => ({ tracks: 0, playlists: [] }));
    fireEvent.click(screen.getByRole('radio', { name: /My decisions/ }));
    await settle(300);
    expect(screen.queryByText('the library is being scanned')).toBeNull();
    expect(screen.getByText('No track has a genre from this source yet.')).toBeTruthy();
  });
});
