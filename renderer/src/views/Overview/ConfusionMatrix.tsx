import type { ReactElement } from 'react';
import { formatPercent } from '../../lib/format';
import styles from './Charts.module.css';

export interface ConfusionMatrixProps {
  readonly genres: readonly string[];
  /** Rows: true genre, columns: predicted. */
  readonly matrix: readonly (readonly number[])[];
  readonly nameOf: (genre: string) => string;
}

export interface Confusion {
  readonly truth: string;
  readonly predicted: string;
  /** Share of the true genre's tracks that went to `predicted`. */
  readonly share: number;
}

/** The largest off-diagonal cells, as shares of their row: the mistakes worth knowing about. */
export function topConfusions(
  genres: readonly string[],
  matrix: readonly (readonly number[])[],
  count = 3,
): Confusion[] {
  const out: Confusion[] = [];
  genres.forEach((truth, r) => {
    const row = matrix[r] ?? [];
    const sum = row.reduce((a, b) => a + b, 0);
    if (sum === 0) return;
    genres.forEach((predicted, c) => {
      if (c !== r && (row[c] ?? 0) > 0) out.push({ truth, predicted, share: (row[c] ?? 0) / sum });
    });
  });
  return out.sort((a, b) => b.share - a.share).slice(0, count);
}

/**
 * Each row shows where the tracks of one true genre ended up, shaded by the share of that row,
 * so a dark diagonal means a good model and dark cells off it name the confusions.
 */
export function ConfusionMatrix({ genres, matrix, nameOf }: ConfusionMatrixProps): ReactElement {
  const n = genres.length;
  const worst = topConfusions(genres, matrix);
  return (
    <div className={styles.matrixLayout}>
      <div className={styles.matrixWrap}>
        <div className={styles.axisTop}>Predicted →</div>
        <div
          className={styles.matrix}
          role="table"
          aria-label="Confusion matrix: rows are true genres, columns predicted genres"
          style={{ gridTemplateColumns: `88px repeat(${n}, minmax(30px, 1fr))` }}
        >
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
      <aside className={styles.matrixNotes}>
        <h3 className={styles.notesTitle}>How to read it</h3>
        <p className={styles.caption}>
          Each row is a true genre; its cells show what the model called those tracks. A strong diagonal means a good
          model.
        </p>
        {worst.length > 0 && (
          <>
            <h3 className={styles.notesTitle}>Most often confused</h3>
            <ul className={styles.confusions}>
              {worst.map((c) => (
                <li key={`${c.truth}-${c.predicted}`}>
                  <strong>{nameOf(c.truth)}</strong> heard as {nameOf(c.predicted)}
                  <span className={styles.confShare}>{formatPercent(c.share)}</span>
                </li>
              ))}
            </ul>
          </>
        )}
      </aside>
    </div>
  );
}
