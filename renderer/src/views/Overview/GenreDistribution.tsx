import type { ReactElement } from 'react';
import { formatCount } from '../../lib/format';
import type { GenreBar } from './distribution';
import styles from './Charts.module.css';

export function GenreDistribution({ bars }: { readonly bars: readonly GenreBar[] }): ReactElement {
  const max = Math.max(1, ...bars.map((b) => Math.max(b.tagged, b.predicted)));
  return (
    <div>
      <div className={styles.legend} aria-hidden="true">
        <span>
          <i className={styles.swatchTagged} /> Tagged in files
        </span>
        <span>
          <i className={styles.swatchPredicted} /> Predicted
        </span>
      </div>
      <ul className={styles.genreList}>
        {bars.map((b) => (
          <li
            key={b.name}
            className={styles.genreRow}
            aria-label={`${b.name}: ${formatCount(b.tagged)} tagged, ${formatCount(b.predicted)} predicted`}
          >
            <span className={styles.genreName} title={b.name}>
              {b.name}
            </span>
            <span className={styles.genreBars} aria-hidden="true">
              <span className={styles.barLine}>
                <span className={styles.barTagged} style={{ width: `${(b.tagged / max) * 100}%` }} />
                <span className={styles.barValue}>{b.tagged ? formatCount(b.tagged) : ''}</span>
              </span>
              <span className={styles.barLine}>
                <span className={styles.barPredicted} style={{ width: `${(b.predicted / max) * 100}%` }} />
                <span className={styles.barValue}>{b.predicted ? formatCount(b.predicted) : ''}</span>
              </span>
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
