import type { ReactElement } from 'react';
import { formatPercent } from '../../lib/format';
import { keyForGenreIndex } from '../../lib/review-keys';
import styles from './ProbabilityBars.module.css';

export interface ProbabilityBarsProps {
  /** Probability per genre, in the model's output order (the order the number keys follow). */
  readonly probabilities: Readonly<Record<string, number>>;
  readonly predicted: string | null;
  /** Genres (ids) the file's current tag stands for. */
  readonly inFile?: readonly string[];
  /** The genre chosen in this session, if any. */
  readonly chosen?: string | null;
  readonly nameOf: (genre: string) => string;
  /** When given, each genre is a button that chooses it (and shows its key). */
  readonly onChoose?: (genre: string) => void;
  readonly disabled?: boolean;
}

/**
 * Every genre's probability, in the model's order, so a person sees at once whether the model
 * hesitated between two genres or had no idea at all.
 */
export function ProbabilityBars({
  probabilities,
  predicted,
  inFile = [],
  chosen = null,
  nameOf,
  onChoose,
  disabled = false,
}: ProbabilityBarsProps): ReactElement {
  const entries = Object.entries(probabilities);
  const max = Math.max(...entries.map(([, p]) => p), 0.0001);
  return (
    <ul className={styles.list} aria-label="Probability per genre">
      {entries.map(([genre, p], index) => {
        const key = keyForGenreIndex(index);
        const name = nameOf(genre);
        const marks = [
          genre === predicted ? 'predicted' : null,
          inFile.includes(genre) ? 'in the file' : null,
          genre === chosen ? 'your choice' : null,
        ].filter(Boolean);
        const rowClass = [
          styles.row,
          genre === predicted ? styles.predicted : '',
          genre === chosen ? styles.chosen : '',
        ].join(' ');
        const content = (
          <>
            <span className={styles.key} aria-hidden="true">
              {onChoose && key ? <kbd>{key}</kbd> : null}
            </span>
            <span className={styles.name}>
              <span className={styles.nameText}>{name}</span>
              {inFile.includes(genre) && <span className={styles.tag}>in file</span>}
            </span>
            <span className={styles.bar}>
              <span className={styles.fill} style={{ width: `${(p / max) * 100}%` }} />
            </span>
            <span className={styles.value}>{formatPercent(p, p < 0.1 ? 1 : 0)}</span>
          </>
        );
        const label = `${name}: ${formatPercent(p, 1)}${marks.length ? ` (${marks.join(', ')})` : ''}`;
        return (
          <li key={genre}>
            {onChoose ? (
              <button
                type="button"
                className={rowClass}
                onClick={() => onChoose(genre)}
                disabled={disabled}
                aria-label={`Choose ${label}${key ? `; key ${key}` : ''}`}
                aria-pressed={genre === chosen}
              >
                {content}
              </button>
            ) : (
              <div className={rowClass} role="img" aria-label={label}>
                {content}
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
