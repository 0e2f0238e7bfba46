import { useEffect, useState, type ReactElement } from 'react';
import { coverFor } from '../../lib/cover-cache';
import { Icon } from '../Icon/Icon';
import styles from './CoverArt.module.css';

/**
 * A track's cover, asked for only when it is on screen (the table renders only visible rows) and
 * cached for the session; a music note stands in while it loads and when there is none.
 */
export function CoverArt({ trackId, size }: { readonly trackId: number; readonly size: number }): ReactElement {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setUrl(null);
    void coverFor(trackId).then((u) => live && setUrl(u));
    return () => {
      live = false;
    };
  }, [trackId]);
  return (
    <span className={styles.cover} style={{ width: size, height: size }} aria-hidden="true">
      {url ? (
        <img src={url} alt="" width={size} height={size} loading="lazy" decoding="async" />
      ) : (
        <Icon name="wave" size={Math.round(size * 0.5)} />
      )}
    </span>
  );
}
