import { lazy, Suspense, useEffect, useRef, type ComponentType, type ReactElement } from 'react';
import { EmptyState } from './components/EmptyState/EmptyState';
import { JobBar } from './components/JobBar/JobBar';
import { Sidebar } from './components/Sidebar/Sidebar';
import { connectEvents } from './stores/events';
import { useErrors } from './stores/errors';
import { useJobs } from './stores/jobs';
import { useLibrary } from './stores/library';
import { opensOnLibrary, viewFromHash, type View } from './lib/views';
import { useNavigation } from './stores/navigation';
import { useSettings } from './stores/settings';
import { useTrackTable } from './stores/track-table';
import { FirstRunView } from './views/FirstRun/FirstRunView';
import { LibraryView } from './views/Library/LibraryView';
import styles from './App.module.css';

/**
 * The library (where most starts land) and the welcome are in the first script; every other
 * screen loads when first opened, so the first rows do not wait for code they do not use.
 */
function screen<K extends string>(load: () => Promise<Record<K, () => ReactElement>>, name: K): ComponentType {
  return lazy<() => ReactElement>(async () => ({ default: (await load())[name] }));
}
const ErrorsView = screen(() => import('./views/Errors/ErrorsView'), 'ErrorsView');
const OverviewView = screen(() => import('./views/Overview/OverviewView'), 'OverviewView');
const PlaylistsView = screen(() => import('./views/Playlists/PlaylistsView'), 'PlaylistsView');
const ReviewView = screen(() => import('./views/Review/ReviewView'), 'ReviewView');
const SettingsView = screen(() => import('./views/Settings/SettingsView'), 'SettingsView');
const WriteView = screen(() => import('./views/Write/WriteView'), 'WriteView');

const SCREENS: Readonly<Record<View, ComponentType>> = {
  welcome: FirstRunView,
  library: LibraryView,
  overview: OverviewView,
  review: ReviewView,
  write: WriteView,
  playlists: PlaylistsView,
  settings: SettingsView,
  errors: ErrorsView,
};

/**
 * Asks for the library table's first rows when the page opens on the library (most starts do),
 * before React has rendered anything: first on the wire, they are there when the table appears.
 */
export function startLoading(hash: string): void {
  if (opensOnLibrary(hash)) void useTrackTable.getState().prefetch();
}

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
    // The server answers one request at a time, in the order they come: after the table's first
    // rows (startLoading), the folders the first screen is chosen from; the list of file errors
    // (slow on big libraries) waits until those answered.
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
          {ready ? (
            <Suspense fallback={<div className={styles.loading} role="status" aria-label="Loading" />}>
              <Screen />
            </Suspense>
          ) : (
            <div className={styles.loading} role="status" aria-label="Loading the library" />
          )}
        </main>
      </div>
    </div>
  );
}
