// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { initialView } from '../../renderer/src/App';
import { useJobs } from '../../renderer/src/stores/jobs';
import { useLibrary } from '../../renderer/src/stores/library';
import { FirstRunView } from '../../renderer/src/views/FirstRun/FirstRunView';
import { FakeClient, installFakeClient } from './fake-client';
import { flush, job, libraryStats } from './fixtures';
import { settle } from './settle';

/** The server side of adding a folder: the root is stored, its scan runs, the analysis waits. */
function addsFoldersAndStartsJobs(client: FakeClient): void {
  client
    .handle('roots.add', ({ path }) => ({
      id: 1,
      path,
      addedAt: '2026-01-01T00:00:00Z',
      lastScanAt: null,
      trackCount: 0,
    }))
    .handle('jobs.scan', () => job('scan-1', { kind: 'scan', state: 'running', total: null }))
    .handle('jobs.analyze', () => job('an-1', { kind: 'analyze', state: 'queued', total: null }));
}

describe('first run', () => {
  let client: FakeClient;
  beforeEach(() => {
    client = installFakeClient();
    useLibrary.getState().reset();
    useJobs.getState().reset();
  });
  afterEach(() => cleanup());

  it('adds the typed folder, then starts the scan and queues the analysis behind it', async () => {
    addsFoldersAndStartsJobs(client);
    render(<FirstRunView />);
    fireEvent.change(screen.getByLabelText(/Music folder/), { target: { value: '  /srv/music  ' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Add and scan' }));
      await flush();
    });
    expect(client.calls.map((c) => c.method)).toEqual(['roots.add', 'jobs.scan', 'jobs.analyze']);
    expect(client.callsOf('roots.add')).toEqual([{ path: '/srv/music' }]);
    expect(client.callsOf('jobs.scan')).toEqual([{ rootIds: [1] }]);
    // The progress card replaces the form and follows job events.
    expect(screen.getByText('Getting your library ready')).toBeTruthy();
    act(() =>
      useJobs
        .getState()
        .update(job('scan-1', { kind: 'scan', state: 'running', done: 120, total: 400, rate: 60, etaSec: 5 })),
    );
    expect(screen.getByRole('progressbar', { name: 'Scanning the library' }).getAttribute('aria-valuenow')).toBe('30');
  });

  it('explains a folder that cannot be added', async () => {
    client.fail('roots.add', 'bad-request', '/nope does not exist');
    render(<FirstRunView />);
    fireEvent.change(screen.getByLabelText(/Music folder/), { target: { value: '/nope' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Add and scan' }));
      await flush();
    });
    expect(screen.getByRole('alert').textContent).toContain('/nope does not exist');
    expect(client.callsOf('jobs.scan')).toEqual([]);
  });

  it('ends on "Review N tracks" as the main action once the library is ready', () => {
    useLibrary.setState({
      roots: [{ id: 1, path: '/srv/music', addedAt: '2026-01-01T00:00:00Z', lastScanAt: null, trackCount: 171 }],
      trackCount: 171,
      stats: libraryStats(171, { reviewQueue: 17 }),
    });
    render(<FirstRunView />);
    expect(screen.getByText('Your library is ready')).toBeTruthy();
    const review = screen.getByRole('button', { name: 'Review 17 tracks' });
    const browse = screen.getByRole('button', { name: 'Browse 171 tracks' });
    // First in the row, and the primary (filled) button; browsing is secondary.
    expect(review.compareDocumentPosition(browse) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(review.className).toMatch(/primary/);
    expect(browse.className).not.toMatch(/primary/);
  });

  it('browses the server’s folders in browser mode and adds the chosen one', async () => {
    client.handle('folders.list', ({ path }) =>
      path === undefined
        ? { path: null, parent: null, folders: [{ name: '/home/me', path: '/home/me' }], places: [] }
        : {
            path,
            parent: path === '/home/me' ? null : '/home/me',
            folders: path === '/home/me' ? [{ name: 'Music', path: '/home/me/Music' }] : [],
            places: [],
          },
    );
    addsFoldersAndStartsJobs(client);
    render(<FirstRunView />);
    fireEvent.click(screen.getByRole('button', { name: 'browse the folders' }));
    await settle();
    const chooser = screen.getByRole('dialog', { name: 'Choose a folder' });
    expect(screen.getByRole('button', { name: 'Add and scan this folder' }).hasAttribute('disabled')).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: '/home/me' }));
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Music' }));
    await settle();
    expect(chooser.textContent).toContain('/home/me/Music');
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Add and scan this folder' }));
      await flush();
    });
    expect(client.callsOf('folders.list')).toEqual([{}, { path: '/home/me' }, { path: '/home/me/Music' }]);
    expect(client.callsOf('roots.add')).toEqual([{ path: '/home/me/Music' }]);
  });

  it('opens on the library when it has tracks, on the welcome otherwise, and honours the URL', () => {
    expect(initialView('', 12, 1)).toBe('library');
    expect(initialView('', 0, 0)).toBe('welcome');
    expect(initialView('#/review', 12, 1)).toBe('review');
    expect(initialView('#/library', 0, 0)).toBe('welcome');
    expect(initialView('#/nonsense', 0, 1)).toBe('welcome');
  });
});
