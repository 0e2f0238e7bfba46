import type { CSSProperties, ReactElement } from 'react';
import type { TagChange } from '../../../../shared/api/types';
import { VirtualList } from '../../components/VirtualList/VirtualList';
import { fileName, folderOf } from '../../lib/format';
import styles from './WriteView.module.css';

const ROW = 46;

function Values({
  values,
  tone,
}: {
  readonly values: readonly string[];
  readonly tone: 'before' | 'after';
}): ReactElement {
  if (values.length === 0) return <span className={styles.none}>no genre</span>;
  return (
    <span className={styles.values}>
      {values.map((v) => (
        <span key={v} className={`${styles.value} ${styles[tone]}`}>
          {v}
        </span>
      ))}
    </span>
  );
}

/** The dry run, file by file: what the genre field holds now and what it will hold. */
export function PlanList({ changes }: { readonly changes: readonly TagChange[] }): ReactElement {
  const height = Math.min(changes.length, 9) * ROW + 34;
  return (
    <VirtualList
      className={styles.plan}
      style={{ height }}
      role="table"
      aria-label="Planned changes"
      aria-rowcount={changes.length + 1}
      rowCount={changes.length}
      rowHeight={ROW}
      header={
        <div className={styles.planHead} role="row">
          <span role="columnheader">File</span>
          <span role="columnheader">Genre now</span>
          <span role="columnheader" />
          <span role="columnheader">After</span>
        </div>
      }
      renderRow={(i: number, style: CSSProperties) => {
        const c = changes[i];
        if (!c) return null;
        return (
          <div key={c.trackId} className={styles.planRow} style={style} role="row" aria-rowindex={i + 2}>
            <span role="cell" className={styles.planFile} title={c.path}>
              <span className={styles.planName}>{fileName(c.path)}</span>
              <span className={styles.planFolder}>{folderOf(c.path)}</span>
            </span>
            <span role="cell">
              <Values values={c.before} tone="before" />
            </span>
            <span role="cell" className={styles.arrow} aria-label="becomes">
              →
            </span>
            <span role="cell">
              <Values values={c.after} tone="after" />
            </span>
          </div>
        );
      }}
    />
  );
}
