import type { ReactElement } from 'react';
import { formatCount } from '../../lib/format';
import { useErrors } from '../../stores/errors';
import { useLibrary } from '../../stores/library';
import type { View } from '../../lib/views';
import { useNavigation } from '../../stores/navigation';
import { Icon, type IconName } from '../Icon/Icon';
import styles from './Sidebar.module.css';

interface NavItem {
  readonly view: View;
  readonly label: string;
  readonly icon: IconName;
}

const MAIN: readonly NavItem[] = [
  { view: 'library', label: 'Library', icon: 'library' },
  { view: 'overview', label: 'Overview', icon: 'overview' },
  { view: 'review', label: 'Review', icon: 'review' },
];

const OUTPUT: readonly NavItem[] = [
  { view: 'write', label: 'Write tags', icon: 'write' },
  { view: 'playlists', label: 'Playlists', icon: 'playlists' },
];

const SYSTEM: readonly NavItem[] = [
  { view: 'errors', label: 'Problems', icon: 'errors' },
  { view: 'settings', label: 'Settings', icon: 'settings' },
];

export function Sidebar(): ReactElement {
  const view = useNavigation((s) => s.view);
  const go = useNavigation((s) => s.go);
  const stats = useLibrary((s) => s.stats);
  const unseenErrors = useErrors((s) => s.unseen);
  const trackCount = useLibrary((s) => s.trackCount);
  const loaded = useLibrary((s) => s.loaded);
  // Only a library known to be empty opens on the welcome: while the folders load, "Library"
  // goes to the library, and the app picks the welcome there if it turns out empty.
  const tracks = Math.max(stats?.tracks ?? 0, trackCount);
  const knownEmpty = loaded && tracks === 0;

  const badge = (item: NavItem): { text: string; tone: 'count' | 'alert' } | null => {
    if (item.view === 'review' && stats && stats.reviewQueue > 0)
      return { text: formatCount(stats.reviewQueue), tone: 'count' };
    if (item.view === 'errors') {
      const n = Math.max(stats?.errors ?? 0, unseenErrors);
      return n > 0 ? { text: formatCount(n), tone: 'alert' } : null;
    }
    return null;
  };

  const renderGroup = (label: string, items: readonly NavItem[]): ReactElement => (
    <div className={styles.group}>
      <div className={styles.groupLabel}>{label}</div>
      <ul className={styles.list}>
        {items.map((item) => {
          const b = badge(item);
          const active = view === item.view || (item.view === 'library' && view === 'welcome');
          return (
            <li key={item.view}>
              <a
                href={`#/${item.view}`}
                className={`${styles.item} ${active ? styles.active : ''}`}
                aria-current={active ? 'page' : undefined}
                onClick={(e) => {
                  e.preventDefault();
                  go(item.view === 'library' && knownEmpty ? 'welcome' : item.view);
                }}
              >
                <Icon name={item.icon} size={18} className={styles.itemIcon} />
                <span className={styles.itemLabel}>{item.label}</span>
                {b && (
                  <span
                    className={`${styles.badge} ${b.tone === 'alert' ? styles.alert : ''}`}
                    aria-label={`${b.text} ${item.view === 'errors' ? 'problems' : 'to review'}`}
                  >
                    {b.text}
                  </span>
                )}
              </a>
            </li>
          );
        })}
      </ul>
    </div>
  );

  return (
    <nav className={styles.sidebar} aria-label="Main">
      <div className={styles.brand}>
        <span className={styles.logo} aria-hidden="true">
          <Icon name="wave" size={18} />
        </span>
        <span className={styles.brandName}>Genrewise</span>
      </div>
      {renderGroup('Library', MAIN)}
      {renderGroup('Output', OUTPUT)}
      {renderGroup('App', SYSTEM)}
      <div className={styles.footer}>
        {tracks > 0 ? (
          <>
            <div className={styles.footerStrong}>{formatCount(tracks)} tracks</div>
            {stats && (
              <div>
                {formatCount(stats.predicted)} predicted · {formatCount(stats.reviewQueue)} to review
              </div>
            )}
          </>
        ) : (
          knownEmpty && <div>No music yet</div>
        )}
      </div>
    </nav>
  );
}
