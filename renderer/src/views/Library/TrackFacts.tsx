import type { ReactElement } from 'react';
import type { TrackDetail } from '../../../../shared/api/types';
import { Button } from '../../components/Button/Button';
import { ConfidenceBar } from '../../components/ConfidenceBar/ConfidenceBar';
import { StatusBadge } from '../../components/StatusBadge/StatusBadge';
import { formatDuration, formatWhen } from '../../lib/format';
import styles from './TrackDetailPanel.module.css';

function decisionText(detail: Pick<TrackDetail, 'decision'>, nameOf: (g: string) => string): string | null {
  const d = detail.decision;
  if (!d) return null;
  const who = d.source === 'user' ? 'you' : 'bulk accept';
  switch (d.action) {
    case 'skip':
      return `Skipped by ${who}`;
    case 'keep':
      return `Keep the file’s genre (${who})`;
    case 'accept':
    case 'choose':
      return `${d.genre ? nameOf(d.genre) : '—'}, ${d.action === 'accept' ? 'accepted' : 'chosen'} by ${who}`;
  }
}

interface TrackFactsProps {
  readonly detail: TrackDetail;
  readonly nameOf: (genre: string) => string;
  readonly busy: boolean;
  readonly onClear: () => void;
}

/** Status, the file's genre, the prediction and its confidence, the decision, and the file. */
export function TrackFacts({ detail, nameOf, busy, onClear }: TrackFactsProps): ReactElement {
  return (
    <dl className={styles.facts}>
      <dt>Status</dt>
      <dd>
        <StatusBadge status={detail.status} />
      </dd>
      <dt>In the file</dt>
      <dd>{detail.genres.length ? detail.genres.join('; ') : <span className={styles.muted}>no genre tag</span>}</dd>
      <dt>Prediction</dt>
      <dd>
        {detail.predicted ? (
          <span className={styles.prediction}>
            <strong>{nameOf(detail.predicted)}</strong>
            <span className={styles.muted}>{detail.source === 'personal' ? 'your model' : 'default model'}</span>
          </span>
        ) : (
          <span className={styles.muted}>{detail.status === 'new' ? 'not analysed yet' : 'none'}</span>
        )}
      </dd>
      <dt>Confidence</dt>
      <dd className={styles.conf}>
        <ConfidenceBar value={detail.confidence} unfamiliar={detail.unfamiliar} />
      </dd>
      {detail.decision && (
        <>
          <dt>Decision</dt>
          <dd className={styles.decision}>
            <span>
              {decisionText(detail, nameOf)}
              <span className={styles.muted}> · {formatWhen(detail.decision.decidedAt)}</span>
            </span>
            <Button
              size="sm"
              variant="ghost"
              icon="undo"
              disabled={busy}
              onClick={onClear}
              title="Remove this decision: the track is undecided again"
            >
              Clear decision
            </Button>
          </dd>
        </>
      )}
      <dt>File</dt>
      <dd className={styles.path}>
        <code>{detail.path}</code>
        <span className={styles.muted}>
          {[detail.format, formatDuration(detail.durationSec)].filter(Boolean).join(' · ')}
        </span>
      </dd>
    </dl>
  );
}
