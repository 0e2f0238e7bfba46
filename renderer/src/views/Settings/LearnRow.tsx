import type { ReactElement } from 'react';
import { learningReadiness, startLearning } from '../../api/jobs';
import { Button } from '../../components/Button/Button';
import { Notice } from '../../components/Notice/Notice';
import { useAction } from '../../lib/use-action';
import { useLoad } from '../../lib/use-load';
import { useJobs } from '../../stores/jobs';
import { useLibrary } from '../../stores/library';
import styles from './SettingsView.module.css';

/**
 * Re-learns the user's genres (the library-context model, from the review decisions and the files'
 * genre tags) at once, and says how many of the user's own labels it gets right when each is left
 * out. The app also does this by itself after each decision; the button is for seeing it happen.
 */
export function LearnRow(): ReactElement {
  const { error, run } = useAction();
  const decisions = useLibrary((s) => s.stats);
  // Read again after each library change, the last answer shown meanwhile; a failed read blocks nothing.
  const ready = useLoad(() => learningReadiness(), [decisions], { keep: true });
  const readiness = ready.error ? null : ready.data;
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
  const blocked = readiness !== null && !readiness.ready;
  return (
    <div className={styles.learn}>
      <p className={styles.learnCheck}>
        Genrewise learns your genres from your decisions and the genre tags in your files by itself, after every
        decision. Learn now to see how many of them it gets right.
      </p>
      <Button
        icon="refresh"
        onClick={() => void run(startLearning)}
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
      {!error && last?.state === 'done' && last.message && <Notice tone="good">{sentence(last.message)}</Notice>}
    </div>
  );
}

/** "re-learned your 3 genres …" → "Re-learned your 3 genres ….": the job's message as a sentence. */
function sentence(message: string): string {
  return `${message.charAt(0).toUpperCase()}${message.slice(1)}.`;
}
