import { useEffect, useRef, type ReactElement } from 'react';
import { EmptyState } from './components/EmptyState/EmptyState';
import { JobBar } from './components/JobBar/JobBar';
import { Sidebar } from './components/Sidebar/Sidebar';
import { connectEvents } from './stores/events';
import { useErrors } from './stores/errors';
import { useJobs } from './stores/jobs';
import { useLibrary } from './stores/library';
import { useNavigation, viewFromHash, type View } from './stores/navigation';
import { useSettings } from './stores/settings';
import { useTrackTable } from './stores/track-table';
import { ErrorsView } from './views/Errors/ErrorsView';
import { FirstRunView } from './views/FirstRun/FirstRunView';
import { LibraryView } from './views/Library/LibraryView';
import { OverviewView } from './views/Overview/OverviewView';
import { PlaylistsView } from './views/Playlists/PlaylistsView';
import { ReviewView } from './views/Review/ReviewView';
import { SettingsView } from './views/Settings/SettingsView';
import { WriteView } from './views/Write/WriteView';
import styles from './App.module.css';

const SCREENS: Readonly<Record<View, () => ReactElement>> = {
  welcome: FirstRunView,
  library: LibraryView,
  overview: OverviewView,
  review: ReviewView,
  write: WriteView,
  playlists: PlaylistsView,
  settings: SettingsView,
  errors: ErrorsView,
};

/** The first screen: where the URL points, else the library when it has tracks, else the welcome. */
export function initialView(hash: string, tracks: number, roots: number): View {
  const fromHash = viewFromHash(hash);
  if (fromHash && !(fromHash === 'library' && tracks === 0 && roots === 0)) return fromHash;
  return tracks > 0 ? 'library' : 'welcome';
}

function Unauthorised(): ReactElement {
  return (
    <div className={styles.center}>
      <EmptyState icon="errors" title="This page needs its access token">
        <p>
          Open the full address that <code>genrewise serve</code> printed in the terminal (it ends in{' '}
          <code>?token=…</code>). The token keeps other programs and websites on this computer away from your library.
        </p>
      </EmptyState>
    </div>
  );
}

export function App(): ReactElement {
  const loaded = useLibrary((s) => s.loaded);
  const unauthorised = useLibrary((s) => s.unauthorised);
  const view = useNavigation((s) => s.view);
  // The library shows as soon as its first rows are here, before the folders answered.
  const hasRows = useTrackTable((s) => (s.total ?? 0) > 0);
  const ready = loaded || (view === 'library' && hasRows);

  useEffect(() => {
    // The server answers one request at a time, in the order they come: the library table's
    // first rows go first (most starts show the library), then the folders the first screen is
    // chosen from; the list of file errors (slow on big libraries) waits until those answered.
    const hashView = viewFromHash(window.location.hash);
    if (hashView === null || hashView === 'library') void useTrackTable.getState().prefetch();
    void useLibrary
      .getState()
      .refresh()
      .then(() => {
        const { trackCount, roots } = useLibrary.getState();
        useNavigation.getState().go(initialView(window.location.hash, trackCount, roots.length));
        void useErrors.getState().load();
      });
    const disconnect = connectEvents();
    void useJobs.getState().load();
    void useSettings.getState().load();
    const onHash = (): void => {
      const next = viewFromHash(window.location.hash);
      if (next && next !== useNavigation.getState().view) useNavigation.getState().go(next);
    };
    window.addEventListener('hashchange', onHash);
    return () => {
      disconnect();
      window.removeEventListener('hashchange', onHash);
    };
  }, []);

  const main = useRef<HTMLElement>(null);
  useEffect(() => {
    if (view === 'errors') useErrors.getState().markSeen();
    // A new screen starts at its top, with focus on it rather than on the link that opened it,
    // so keyboard shortcuts and screen readers begin at the content.
    const el = main.current;
    if (!el) return;
    el.scrollTo?.(0, 0);
    if (!el.contains(document.activeElement)) el.focus({ preventScroll: true });
  }, [view]);

  if (unauthorised) return <Unauthorised />;
  const Screen = SCREENS[view];
  return (
    <div className={styles.app}>
      <Sidebar />
      <div className={styles.main}>
        <JobBar />
        <main className={styles.content} id="content" ref={main} tabIndex={-1}>
          {ready ? <Screen /> : <div className={styles.loading} role="status" aria-label="Loading the library" />}
        </main>
      </div>
    </div>
  );
}
