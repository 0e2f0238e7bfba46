import type { ReactElement } from 'react';
import { Icon } from '../../components/Icon/Icon';
import { Notice } from '../../components/Notice/Notice';
import { useAction } from '../../lib/use-action';
import { isActive, useJobs } from '../../stores/jobs';
import { useLibrary } from '../../stores/library';
import { FirstRunProgress } from './FirstRunProgress';
import { FolderDrop } from './FolderDrop';
import styles from './FirstRunView.module.css';

const STEPS = [
  { title: 'Read your tags', text: 'Genrewise lists every audio file and the genre it is tagged with now.' },
  { title: 'Listen to the music', text: 'Each track is analysed on this computer; nothing is uploaded.' },
  { title: 'You decide', text: 'Review unsure guesses, then write genres into files — every write can be undone.' },
] as const;

/** Where a new user starts: one folder in, then scan and analysis run by themselves. */
export function FirstRunView(): ReactElement {
  const roots = useLibrary((s) => s.roots);
  const stats = useLibrary((s) => s.stats);
  const addFolder = useLibrary((s) => s.addFolder);
  const jobs = useJobs((s) => s.jobs);
  const trackCount = useLibrary((s) => s.trackCount);
  const { busy, error, run, fail } = useAction();

  const running = Object.values(jobs).filter((j) => isActive(j) && (j.kind === 'scan' || j.kind === 'analyze'));
  const tracks = Math.max(stats?.tracks ?? 0, trackCount);

  async function add(folder: string): Promise<boolean> {
    if (!folder.trim()) return false;
    return run(() => addFolder(folder));
  }

  const started = roots.length > 0;
  const ready = started && running.length === 0 && tracks > 0;
  const toReview = stats?.reviewQueue ?? 0;

  return (
    <div className={styles.page}>
      <div className={styles.hero}>
        <div className={styles.logo} aria-hidden="true">
          <Icon name="wave" size={30} />
        </div>
        <h1 className={styles.title}>
          {ready ? 'Your library is ready' : started ? 'Getting your library ready' : 'Welcome to Genrewise'}
        </h1>
        <p className={styles.lead}>
          {ready
            ? `${tracks.toLocaleString()} tracks read and analysed${toReview ? `; ${toReview.toLocaleString()} need your decision` : ''}. Nothing in your files has changed.`
            : started
              ? 'Your music is being read and analysed. You can start browsing as soon as the first tracks appear.'
              : 'Point Genrewise at the folder that holds your music. It will sort out genres you can trust — and changes nothing until you say so.'}
        </p>
      </div>

      {!started && <FolderDrop busy={busy} onAdd={add} onError={fail} />}

      {error && (
        <Notice tone="bad" title="That folder could not be added" className={styles.notice}>
          {error}
        </Notice>
      )}

      {started && (
        <FirstRunProgress
          roots={roots}
          running={running}
          tracks={tracks}
          toReview={toReview}
          updating={stats?.updating === true}
          ready={ready}
        />
      )}

      <ol className={styles.steps}>
        {STEPS.map((step, i) => (
          <li key={step.title} className={styles.step}>
            <span className={styles.stepNo}>{i + 1}</span>
            <div>
              <div className={styles.stepTitle}>{step.title}</div>
              <div className={styles.stepText}>{step.text}</div>
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}
