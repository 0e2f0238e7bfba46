// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Sidebar } from '../../renderer/src/components/Sidebar/Sidebar';
import { useLibrary } from '../../renderer/src/stores/library';
import { useNavigation } from '../../renderer/src/stores/navigation';
import { installFakeClient } from './fake-client';
import { libraryStats } from './fixtures';

/**
 * The sidebar's "Library" opens the welcome only for a library known to be empty. Clicked while
 * the folders are still loading (the first quarter second of every start), it used to send a
 * full library to the welcome screen, where it stayed (a CI run of quiet-validation hit this).
 */
describe('the sidebar Library link', () => {
  beforeEach(() => {
    installFakeClient();
    useLibrary.getState().reset();
    useNavigation.setState({ view: 'overview' });
  });
  afterEach(() => cleanup());

  it('opens the library while the folders are still loading', () => {
    render(<Sidebar />);
    fireEvent.click(screen.getByRole('link', { name: 'Library' }));
    expect(useNavigation.getState().view).toBe('library');
  });

  it('opens the welcome once the library is known to be empty', () => {
    useLibrary.setState({ loaded: true, roots: [], trackCount: 0 });
    render(<Sidebar />);
    fireEvent.click(screen.getByRole('link', { name: 'Library' }));
    expect(useNavigation.getState().view).toBe('welcome');
  });

  it('opens the library when the folders hold tracks', () => {
    useLibrary.setState({ loaded: true, trackCount: 13 });
    render(<Sidebar />);
    fireEvent.click(screen.getByRole('link', { name: 'Library' }));
    expect(useNavigation.getState().view).toBe('library');
  });

  it('marks the review count while the library is being brought up to date', () => {
    const stats = libraryStats(171, { reviewQueue: 17 });
    useLibrary.setState({ loaded: true, trackCount: 171, stats });
    const { unmount } = render(<Sidebar />);
    expect(screen.getByLabelText('17 to review')).toBeTruthy();
    unmount();
    useLibrary.setState({ stats: { ...stats, updating: true } });
    render(<Sidebar />);
    expect(screen.getByLabelText('17 to review, Updating…').className).toMatch(/stale/);
  });
});
