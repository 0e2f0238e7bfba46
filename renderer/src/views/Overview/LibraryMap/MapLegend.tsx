import type { ReactElement } from 'react';
import type { LibraryMap as MapData } from '../../../../../shared/api/similarity';
import { formatPercent } from '../../../lib/format';
import { genreColour } from './palette';
import styles from './LibraryMap.module.css';

/** The map's key: each genre's colour, the "no genre yet" colour and the review ring, and how to use it. */
export function MapLegend({
  data,
  nameOf,
}: {
  readonly data: MapData;
  readonly nameOf: (genre: string) => string;
}): ReactElement {
  return (
    <>
      <ul className={styles.legend} aria-label="Genres">
        {data.genres.map((g, i) => (
          <li key={g}>
            <i className={styles.swatch} style={{ background: genreColour(i) }} />
            {nameOf(g)}
          </li>
        ))}
        {data.genre.includes(-1) && (
          <li>
            <i className={styles.swatch} style={{ background: genreColour(-1) }} />
            no genre yet
          </li>
        )}
        <li>
          <i className={`${styles.swatch} ${styles.ringed}`} />
          needs review
        </li>
      </ul>
      <p className={styles.muted}>
        {data.metric.kind === 'learned' ? 'Your genres’ metric' : 'Standardised features'}, PCA: the axes show{' '}
        {formatPercent((data.explained[0] ?? 0) + (data.explained[1] ?? 0))} of the variance. Drag to pan, wheel to
        zoom, click a point to open it, shift-drag to select.
      </p>
    </>
  );
}
