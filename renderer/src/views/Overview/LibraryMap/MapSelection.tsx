import { useState, type ReactElement } from 'react';
import type { DecisionInput } from '../../../../../shared/api/types';
import { decide } from '../../../api/review';
import { Button } from '../../../components/Button/Button';
import { GenrePicker } from '../../../components/GenrePicker/GenrePicker';
import { formatCount, plural } from '../../../lib/format';
import styles from './LibraryMap.module.css';

export interface MapSelectionProps {
  /** Track ids of the selected points. */
  readonly trackIds: readonly number[];
  /** Genres to complete from, as people read them. */
  readonly suggestions: readonly string[];
  /** After the decisions: a sentence for the user. */
  readonly onDecided: (message: string) => void;
  readonly onClear: () => void;
}

/** Decides every track in `trackIds`, a few requests at a time; resolves to how many failed. */
async function decideAll(trackIds: readonly number[], decision: DecisionInput): Promise<number> {
  let failed = 0;
  const queue = [...trackIds];
  const worker = async (): Promise<void> => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      await decide(id, decision).catch(() => failed++);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return failed;
}

/** The box-selected tracks of the map: one genre for all of them, or accept their predictions. */
export function MapSelection({ trackIds, suggestions, onDecided, onClear }: MapSelectionProps): ReactElement {
  const [busy, setBusy] = useState(false);

  async function run(decision: DecisionInput): Promise<void> {
    setBusy(true);
    const failed = await decideAll(trackIds, decision);
    setBusy(false);
    onDecided(
      `${plural(trackIds.length - failed, 'track')} decided` +
        (failed ? `; ${formatCount(failed)} could not be (no prediction to accept?)` : ''),
    );
  }

  return (
    <div className={styles.selection} aria-label="Selected tracks">
      <strong>{plural(trackIds.length, 'track')} selected</strong>
      <GenrePicker
        suggestions={suggestions}
        disabled={busy}
        label="Decide them as"
        onChoose={(genre) => void run({ action: 'choose', genre })}
      />
      <div className={styles.actions}>
        <Button size="sm" disabled={busy} onClick={() => void run({ action: 'accept' })}>
          Accept their predictions
        </Button>
        <Button size="sm" variant="ghost" disabled={busy} onClick={onClear}>
          Clear selection
        </Button>
      </div>
    </div>
  );
}
