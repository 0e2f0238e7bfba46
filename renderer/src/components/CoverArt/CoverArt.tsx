import { useEffect, useState, type ReactElement } from 'react';
import { coverFor } from '../../lib/cover-cache';
import type { RestGate } from '../../lib/rest-gate';
import styles from './CoverArt.module.css';

/**
 * A track's cover, asked for only when it is on screen (the table renders only visible rows) and
 * cached for the session; a sound-wave mark stands in while it loads and when there is none. The
 * mark is a background image (--cover-mark), not an SVG element: the library table draws one in
 * every row it scrolls in.
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
  // The cover is kept with the track it is for: when a list reuses this element for another track
  // (a table row scrolled in), the previous track's cover is not shown while the new one loads.
  const [cover, setCover] = useState<{ readonly trackId: number; readonly url: string | null } | null>(null);
  useEffect(() => {
    let live = true;
    const ask = (): void => void coverFor(trackId).then((url) => live && setCover({ trackId, url }));
    const cancel = gate?.after(ask);
    if (!gate) ask();
    return () => {
      live = false;
      cancel?.();
    };
  }, [trackId, gate]);
  const url = cover?.trackId === trackId ? cover.url : null;
  return (
    <span
      className={`${styles.cover} ${url ? '' : styles.mark}`}
      style={{ width: size, height: size }}
      aria-hidden="true"
    >
      {url && <img src={url} alt="" width={size} height={size} loading="lazy" decoding="async" />}
    </span>
  );
}
