import type { ReactElement } from 'react';
import { formatPercent } from '../../lib/format';
import styles from './Charts.module.css';

export interface ConfusionMatrixProps {
  readonly genres: readonly string[];
  /** Rows: true genre, columns: predicted. */
  readonly matrix: readonly (readonly number[])[];
  readonly nameOf: (genre: string) => string;
}

/**
 * Each row shows where the tracks of one true genre ended up, shaded by the share of that row,
 * so a dark diagonal means a good model and dark cells off it name the confusions.
 */
export function ConfusionMatrix({ genres, matrix, nameOf }: ConfusionMatrixProps): ReactElement {
  const n = genres.length;
  return (
    <div className={styles.matrixWrap}>
      <div className={styles.axisTop}>Predicted →</div>
      <div className={styles.matrix} role="table" aria-label="Confusion matrix: rows are true genres, columns predicted genres" style={{ gridTemplateColumns: `88px repeat(${n}, minmax(30px, 1fr))` }}>
        <div role="row" className={styles.matrixRow}>
          <span role="columnheader" className={styles.corner}>
            True ↓
          </span>
          {genres.map((g) => (
            <span key={g} role="columnheader" className={styles.colHead} title={nameOf(g)}>
              <span className={styles.colHeadText}>{nameOf(g)}</span>
            </span>
          ))}
        </div>
        {genres.map((truth, r) => {
          const row = matrix[r] ?? [];
          const sum = row.reduce((a, b) => a + b, 0) || 1;
          return (
            <div role="row" key={truth} className={styles.matrixRow}>
              <span role="rowheader" className={styles.rowHead}>
                {nameOf(truth)}
              </span>
              {genres.map((pred, c) => {
                const value = row[c] ?? 0;
                const share = value / sum;
                return (
                  <span
                    key={pred}
                    role="cell"
                    className={`${styles.cell} ${r === c ? styles.diagonal : ''} ${share > 0.55 ? styles.cellDark : ''}`}
                    style={share === 0 ? undefined : { backgroundColor: `rgba(var(--heat), ${0.08 + share * 0.92})` }}
                    title={`${nameOf(truth)} predicted as ${nameOf(pred)}: ${value} (${formatPercent(share)})`}
                    aria-label={`${nameOf(truth)} as ${nameOf(pred)}: ${value}`}
                  >
                    {value > 0 ? value : ''}
                  </span>
                );
              })}
            </div>
          );
        })}
      </div>
    </div>
  );
}
