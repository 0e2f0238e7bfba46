import { useEffect, useState, type ReactElement } from 'react';
import { coverFor } from '../../lib/cover-cache';
import type { RestGate } from '../../lib/rest-gate';
import { Icon } from '../Icon/Icon';
import styles from './CoverArt.module.css';

/**
 * A track's cover, asked for only when it is on screen (the table renders only visible rows) and
 * cached for the session; a music note stands in while it loads and when there is none.
 */
export function CoverArt({
  trackId,
  size,
  gate,
}: {
  readonly trackId: number;
  readonly size: number;
  /**
   * Asks only once this gate lets it: shown a while, and the list it is in at rest, so rows a
   * scroll moves past send no request. Without a gate it asks at once.
   */
  readonly gate?: RestGate;
}): ReactElement {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setUrl(null);
    const ask = (): void => void coverFor(trackId).then((u) => live && setUrl(u));
    const cancel = gate?.after(ask);
    if (!gate) ask();
    return () => {
      live = false;
      cancel?.();
    };
  }, [trackId, gate]);
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
