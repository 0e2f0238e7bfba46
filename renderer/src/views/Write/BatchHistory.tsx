import type { ReactElement } from 'react';
import { Button } from '../../components/Button/Button';
import { Card } from '../../components/Card/Card';
import { Notice } from '../../components/Notice/Notice';
import { formatWhen, plural } from '../../lib/format';
import { useWriteFlow } from '../../stores/write-flow';
import styles from './WriteView.module.css';

const MODE_LABEL: Readonly<Record<string, string>> = {
  replace: 'Replace',
  add: 'Add',
  fill: 'Fill gaps',
  undo: 'Undo',
};

/** Every write batch, newest first, each undoable until it has been undone. */
export function BatchHistory(): ReactElement {
  const batches = useWriteFlow((s) => s.batches);
  const error = useWriteFlow((s) => s.batchesError);
  const undoing = useWriteFlow((s) => s.undoing);
  const undo = useWriteFlow((s) => s.undo);

  return (
    <Card
      title="History"
      subtitle="Undo puts back exactly the genres each file had before, through the same safe write."
      flush
    >
      {error && (
        <Notice tone="bad" className={styles.historyNotice}>
          {error}
        </Notice>
      )}
      {batches.length === 0 ? (
        <p className={styles.nothing}>No tags written yet.</p>
      ) : (
        <table className={styles.history}>
          <thead>
            <tr>
              <th scope="col">Batch</th>
              <th scope="col">When</th>
              <th scope="col">What</th>
              <th scope="col">Files</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {batches.map((b) => {
              const isUndo = b.undoOf !== null;
              return (
                <tr key={b.id} className={b.undoneBy !== null ? styles.undone : ''}>
                  <td>#{b.id}</td>
                  <td>{formatWhen(b.createdAt)}</td>
                  <td>{isUndo ? `Undo of #${b.undoOf}` : (MODE_LABEL[b.mode] ?? b.mode)}</td>
                  <td>
                    {plural(b.written, 'file')}
                    {b.failed > 0 && <span className={styles.failed}> · {b.failed} failed</span>}
                  </td>
                  <td className={styles.actionsCell}>
                    {b.undoneBy !== null ? (
                      <span className={styles.muted}>Undone by #{b.undoneBy}</span>
                    ) : isUndo || b.written === 0 ? null : (
                      <Button
                        size="sm"
                        icon="undo"
                        onClick={() => void undo(b.id)}
                        disabled={undoing[b.id] !== undefined}
                      >
                        {undoing[b.id] !== undefined ? 'Undoing…' : 'Undo'}
                      </Button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </Card>
  );
}
