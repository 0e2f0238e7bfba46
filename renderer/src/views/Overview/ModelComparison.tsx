import type { ReactElement } from 'react';
import type { ModelComparisonRow } from '../../../../shared/api/types';
import { Card } from '../../components/Card/Card';
import { formatPercent } from '../../lib/format';
import styles from './ModelComparison.module.css';

/**
 * The classifier comparison stored on the default model's card (`genrewise train --compare`):
 * per model a bar for its GTZAN cross-validated accuracy with a whisker for the fold-to-fold
 * spread, marks for the artist-filtered split and real recordings, and its calibration error.
 */

const MODEL_NAMES: Readonly<Record<string, string>> = {
  svc: 'SVC',
  knn: 'KNN',
  logistic: 'Logistic regression',
  sgd: 'Linear (SGD)',
  'random-forest': 'Random forest',
  'decision-tree': 'Decision tree',
  'gradient-boosting': 'Gradient boosting',
};

export function comparisonModelName(model: string): string {
  return MODEL_NAMES[model] ?? model;
}

/** What a screen reader hears for a row: every number the row draws. */
export function describeRow(row: ModelComparisonRow): string {
  const parts = [`${formatPercent(row.cvAccuracy, 1)} ± ${formatPercent(row.cvStd, 1)} in GTZAN cross-validation`];
  if (row.filteredAccuracy !== null) parts.push(`${formatPercent(row.filteredAccuracy, 1)} without shared artists`);
  if (row.realWorldAccuracy !== null) parts.push(`${formatPercent(row.realWorldAccuracy, 1)} on real recordings`);
  parts.push(`calibration error ${formatPercent(row.ece, 1)}`);
  return `${comparisonModelName(row.model)}: ${parts.join(', ')}`;
}

/** The widest calibration-error bar, in pixels. */
const ECE_BAR_PX = 56;

const clampShare = (v: number): number => Math.min(1, Math.max(0, v));
/** A share as a CSS percentage, to 0.001 % (no float noise such as 47.599999999999994%). */
const at = (v: number): string => `${Number((clampShare(v) * 100).toFixed(3))}%`;

/** ECE bars share a scale up to the worst model's error (at least 10 %), so small errors stay visible. */
function eceScale(rows: readonly ModelComparisonRow[]): number {
  return Math.max(0.1, ...rows.map((r) => r.ece));
}

function Row({
  row,
  isDefault,
  eceMax,
}: {
  readonly row: ModelComparisonRow;
  readonly isDefault: boolean;
  readonly eceMax: number;
}): ReactElement {
  const low = row.cvAccuracy - row.cvStd;
  const high = row.cvAccuracy + row.cvStd;
  return (
    <li className={`${styles.row} ${isDefault ? styles.isDefault : ''}`} aria-label={describeRow(row)}>
      <span className={styles.line}>
        <span className={styles.name}>
          {comparisonModelName(row.model)}
          {isDefault && <span className={styles.badge}>default</span>}
        </span>
        <span className={styles.value} aria-hidden="true">
          {formatPercent(row.cvAccuracy, 1)}
        </span>
        <span className={styles.ece} aria-hidden="true" title={`Calibration error ${formatPercent(row.ece, 1)}`}>
          <span
            className={styles.eceBar}
            data-part="ece"
            style={{ width: `${clampShare(row.ece / eceMax) * ECE_BAR_PX}px` }}
          />
          <span className={styles.eceValue}>{formatPercent(row.ece, 1)}</span>
        </span>
      </span>
      <span className={styles.track} aria-hidden="true">
        <span className={styles.bar} data-part="cv" style={{ width: at(row.cvAccuracy) }} />
        <span
          className={styles.whisker}
          data-part="spread"
          style={{ left: at(low), width: at(high - Math.max(0, low)) }}
        />
        {row.filteredAccuracy !== null && (
          <span
            className={`${styles.mark} ${styles.filtered}`}
            data-part="filtered"
            style={{ left: at(row.filteredAccuracy) }}
            title={`Without shared artists: ${formatPercent(row.filteredAccuracy, 1)}`}
          />
        )}
        {row.realWorldAccuracy !== null && (
          <span
            className={`${styles.mark} ${styles.real}`}
            data-part="real"
            style={{ left: at(row.realWorldAccuracy) }}
            title={`Real recordings: ${formatPercent(row.realWorldAccuracy, 1)}`}
          />
        )}
      </span>
    </li>
  );
}

export function ModelComparison({
  rows,
  defaultModel,
}: {
  readonly rows: readonly ModelComparisonRow[];
  /** The kind of the default model (e.g. "svc"): its row is marked. */
  readonly defaultModel: string;
}): ReactElement {
  const eceMax = eceScale(rows);
  const hasReal = rows.some((r) => r.realWorldAccuracy !== null);
  return (
    <Card title="Why this model" subtitle="Seven classifiers on the same features, scored the same way">
      <div className={styles.legend} aria-hidden="true">
        <span>
          <i className={styles.swatchBar} /> GTZAN cross-validation (± spread)
        </span>
        <span>
          <i className={`${styles.swatchMark} ${styles.filtered}`} /> No shared artists
        </span>
        {hasReal && (
          <span>
            <i className={`${styles.swatchMark} ${styles.real}`} /> Real recordings
          </span>
        )}
      </div>
      <div className={`${styles.line} ${styles.header}`} aria-hidden="true">
        <span>Model</span>
        <span className={styles.value}>GTZAN</span>
        <span>Calibration error</span>
      </div>
      <ul className={styles.rows}>
        {rows.map((row) => (
          <Row key={row.model} row={row} isDefault={row.model === defaultModel} eceMax={eceMax} />
        ))}
      </ul>
      <div className={styles.axis} aria-hidden="true">
        <span style={{ left: '0%' }}>0%</span>
        <span style={{ left: '50%' }}>50%</span>
        <span style={{ left: '100%' }}>100%</span>
      </div>
      <p className={styles.caption}>
        GTZAN cross-validation flatters every model: clips of one artist land on both sides of a fold. The split without
        shared artists{hasReal ? ' and the real recordings show' : ' shows'} how far that is from music it has never
        heard. Lower calibration error means the shown confidence can be trusted.
      </p>
    </Card>
  );
}
