import { useCallback, useEffect, useState, type ReactElement } from 'react';
import type { DecisionGroup } from '../../../../shared/api/types';
import { decisionHistory, undoDecisions } from '../../api/review';
import { Button } from '../../components/Button/Button';
import { Card } from '../../components/Card/Card';
import { Notice } from '../../components/Notice/Notice';
import { messageOf } from '../../lib/errors';
import { fileName, formatCount, formatWhen, plural } from '../../lib/format';
import { displayName } from '../../lib/genre-names';
import { useLibrary } from '../../stores/library';
import { useSettings } from '../../stores/settings';
import styles from './WriteView.module.css';

const ACTION_TEXT: Readonly<Record<string, string>> = {
  accept: 'accepted',
  choose: 'chose',
  keep: 'kept the file’s genre',
  skip: 'skipped',
};

function describe(group: DecisionGroup, nameOf: (g: string) => string): string {
  const genres = group.byGenre.map((g) => `${nameOf(g.key)} ${formatCount(g.count)}`).join(', ');
  if (group.track) {
    const what = group.track.title ?? fileName(group.track.path);
    const action = ACTION_TEXT[group.track.action] ?? group.track.action;
    const genre = group.byGenre[0] && group.track.action !== 'keep' ? ` ${nameOf(group.byGenre[0].key)}` : '';
    return `“${what}”: ${group.source === 'model' ? 'bulk ' : ''}${action}${genre}`;
  }
  return `${group.source === 'model' ? 'Bulk accept' : 'Decisions'} of ${plural(group.count, 'track')}${genres ? `: ${genres}` : ''}`;
}

/**
 * The latest decisions, a bulk accept as one line, each undoable while it still stands: undo
 * gives every track of it back what it had before (an earlier decision, or none).
 */
export function DecisionHistory(): ReactElement {
  const names = useSettings((s) => s.settings?.displayNames);
  // The stats are re-read after every library change (decisions included): re-read with them.
  const changes = useLibrary((s) => s.stats);
  const [groups, setGroups] = useState<readonly DecisionGroup[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const nameOf = (g: string): string => displayName(g, names);

  const load = useCallback(() => {
    decisionHistory(20)
      .then((g) => {
        setGroups(g);
        setError(null);
      })
      .catch((err: unknown) => setError(messageOf(err)));
  }, []);

  useEffect(load, [load, changes]);

  async function undo(group: DecisionGroup): Promise<void> {
    const key = `${group.source}:${group.decidedAt}`;
    setBusy(key);
    try {
      await undoDecisions(group);
      load();
      void useLibrary.getState().refresh();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(null);
    }
  }

  return (
    <Card
      title="Decisions"
      subtitle="Undo a decision or a whole bulk accept before writing; the tracks get back what they had."
      flush
    >
      {error && (
        <Notice tone="bad" className={styles.historyNotice}>
          {error}
        </Notice>
      )}
      {groups === null ? null : groups.length === 0 ? (
        <p className={styles.nothing}>No decisions yet.</p>
      ) : (
        <ul className={styles.decisions} aria-label="Recent decisions">
          {groups.map((g) => {
            const key = `${g.source}:${g.decidedAt}`;
            return (
              <li key={key} className={g.current === 0 ? styles.undone : ''}>
                <span className={styles.decisionWhat}>{describe(g, nameOf)}</span>
                <span className={styles.muted}>{formatWhen(g.decidedAt)}</span>
                {g.current === 0 ? (
                  <span className={styles.muted}>Undone or changed since</span>
                ) : (
                  <Button size="sm" icon="undo" disabled={busy !== null} onClick={() => void undo(g)}>
                    {busy === key ? 'Undoing…' : g.current < g.count ? `Undo ${formatCount(g.current)}` : 'Undo'}
                  </Button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
