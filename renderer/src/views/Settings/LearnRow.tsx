import { useEffect, useState, type ReactElement } from 'react';
import type { LearningReadiness } from '../../../../shared/api/types';
import { learningReadiness, startLearning } from '../../api/jobs';
import { Button } from '../../components/Button/Button';
import { Notice } from '../../components/Notice/Notice';
import { messageOf } from '../../lib/errors';
import { useJobs } from '../../stores/jobs';
import { useLibrary } from '../../stores/library';
import styles from './SettingsView.module.css';

/**
 * Trains a personal model from the review decisions (and, if wanted, the files' own genre tags),
 * in the user's own genre names; the job's progress shows in the bar above every screen.
 */
export function LearnRow(): ReactElement {
  const [fromTags, setFromTags] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [readiness, setReadiness] = useState<LearningReadiness | null>(null);
  const decisions = useLibrary((s) => s.stats);
  const running = useJobs((s) =>
    Object.values(s.jobs).some(
      (j) => j.kind === 'learn' && !j.background && (j.state === 'running' || j.state === 'queued'),
    ),
  );
  const last = useJobs((s) =>
    Object.values(s.jobs)
      .filter((j) => j.kind === 'learn' && !j.background && !s.dismissed[j.id])
      .at(-1),
  );
  useEffect(() => {
    let live = true;
    learningReadiness({ fromTags })
      .then((r) => live && setReadiness(r))
      .catch(() => live && setReadiness(null));
    return () => {
      live = false;
    };
  }, [fromTags, decisions]);
  async function learn(): Promise<void> {
    setError(null);
    try {
      await startLearning({ fromTags });
    } catch (err) {
      setError(messageOf(err));
    }
  }
  const blocked = readiness !== null && !readiness.ready;
  return (
    <div className={styles.learn}>
      <label className={styles.learnCheck}>
        <input type="checkbox" checked={fromTags} onChange={(e) => setFromTags(e.target.checked)} />
        Also learn from the genre tags already in my files (the first value of each)
      </label>
      <Button
        icon="refresh"
        onClick={() => void learn()}
        disabled={running || blocked}
        aria-describedby={blocked ? 'learn-not-ready' : undefined}
      >
        {running ? 'Learning…' : 'Learn from my library'}
      </Button>
      {blocked && readiness.reason && (
        <p id="learn-not-ready" className={styles.muted}>
          {readiness.reason}
        </p>
      )}
      {error && <Notice tone="bad">{error}</Notice>}
      {!error && last?.state === 'failed' && last.message && (
        <Notice
          tone="bad"
          action={
            <Button size="sm" variant="ghost" onClick={() => useJobs.getState().dismiss(last.id)}>
              Dismiss
            </Button>
          }
        >
          {last.message}
        </Notice>
      )}
      {!error && last?.state === 'done' && last.message && <Notice tone="good">Learnt a {last.message}.</Notice>}
    </div>
  );
}
