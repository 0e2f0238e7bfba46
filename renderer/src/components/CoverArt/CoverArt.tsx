import { useEffect, useState, type ReactElement } from 'react';
import { coverFor } from '../../lib/cover-cache';
import { Icon } from '../Icon/Icon';
import styles from './CoverArt.module.css';

/**
 * A track's cover, asked for only when it is on screen (the table renders only visible rows) and
 * cached for the session; a music note stands in while it loads and when there is none.
 */
export function CoverArt({
  trackId,
  size,
  delayMs = 0,
}: {
  readonly trackId: number;
  readonly size: number;
  /** Asks only once shown this long, so rows that fly past in a fast scroll send no request. */
  readonly delayMs?: number;
}): ReactElement {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setUrl(null);
    const ask = (): void => void coverFor(trackId).then((u) => live && setUrl(u));
    const timer = delayMs > 0 ? setTimeout(ask, delayMs) : undefined;
    if (timer === undefined) ask();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [trackId, delayMs]);
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
