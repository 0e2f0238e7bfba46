import type { ReactElement } from 'react';
import { formatCompactCount, formatCount, UPDATING } from '../../lib/format';
import { useMediaQuery } from '../../lib/use-media-query';
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

/**
 * Below this width the sidebar is a rail of icons: at 1024 px its 224 px would leave the library
 * table beside the details panel room for eight letters of a title. Each link keeps its name (for
 * screen readers, and as its tooltip) and its badge, shortened.
 */
export const RAIL_QUERY = '(max-width: 1100px)';

interface Badge {
  readonly text: string;
  readonly label: string;
  readonly tone: 'count' | 'alert';
  /** The count is as it stood before a re-learn or a new threshold that is still being worked in. */
  readonly stale: boolean;
}

export function Sidebar(): ReactElement {
  const rail = useMediaQuery(RAIL_QUERY);
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

  const badge = (item: NavItem): Badge | null => {
    const stale = stats?.updating === true;
    const shown = (n: number, what: string, tone: Badge['tone']): Badge => ({
      text: rail ? formatCompactCount(n) : formatCount(n),
      label: `${formatCount(n)} ${what}${stale ? `, ${UPDATING}` : ''}`,
      tone,
      stale,
    });
    if (item.view === 'review' && stats && stats.reviewQueue > 0) return shown(stats.reviewQueue, 'to review', 'count');
    if (item.view === 'errors') {
      const n = Math.max(stats?.errors ?? 0, unseenErrors);
      return n > 0 ? shown(n, 'problems', 'alert') : null;
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
                title={rail ? (b ? `${item.label}: ${b.label}` : item.label) : undefined}
                onClick={(e) => {
                  e.preventDefault();
                  go(item.view === 'library' && knownEmpty ? 'welcome' : item.view);
                }}
              >
                <Icon name={item.icon} size={18} className={styles.itemIcon} />
                <span className={rail ? 'visually-hidden' : styles.itemLabel}>{item.label}</span>
                {b && (
                  <span
                    className={`${styles.badge} ${b.tone === 'alert' ? styles.alert : ''} ${b.stale ? styles.stale : ''}`}
                    aria-label={b.label}
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
    <nav className={`${styles.sidebar} ${rail ? styles.rail : ''}`} aria-label="Main">
      <div className={styles.brand}>
        <span className={styles.logo} aria-hidden="true">
          <Icon name="wave" size={18} />
        </span>
        <span className={rail ? 'visually-hidden' : styles.brandName}>Genrewise</span>
      </div>
      {renderGroup('Library', MAIN)}
      {renderGroup('Output', OUTPUT)}
      {renderGroup('App', SYSTEM)}
      <div className={styles.footer} hidden={rail}>
        {tracks > 0 ? (
          <>
            <div className={styles.footerStrong}>{formatCount(tracks)} tracks</div>
            {stats && (
              <div>
                {formatCount(stats.predicted)} predicted · {formatCount(stats.reviewQueue)} to review
                {stats.updating && ` · ${UPDATING}`}
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
