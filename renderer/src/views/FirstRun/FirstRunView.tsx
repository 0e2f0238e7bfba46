import { useState, type DragEvent, type FormEvent, type ReactElement } from 'react';
import { transport } from '../../api/transport';
import { Button } from '../../components/Button/Button';
import { FolderBrowser } from '../../components/FolderBrowser/FolderBrowser';
import { Icon } from '../../components/Icon/Icon';
import { jobDetail, jobFraction, jobTitle } from '../../components/JobBar/job-text';
import { Notice } from '../../components/Notice/Notice';
import { messageOf } from '../../lib/errors';
import { isActive, useJobs } from '../../stores/jobs';
import { useLibrary } from '../../stores/library';
import { useNavigation } from '../../stores/navigation';
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
  const scanAndAnalyse = useLibrary((s) => s.scanAndAnalyse);
  const jobs = useJobs((s) => s.jobs);
  const go = useNavigation((s) => s.go);
  const { pickFolder, pathForFile } = transport();
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [browsing, setBrowsing] = useState(false);

  const running = Object.values(jobs).filter((j) => isActive(j) && (j.kind === 'scan' || j.kind === 'analyze'));
  const trackCount = useLibrary((s) => s.trackCount);
  const tracks = Math.max(stats?.tracks ?? 0, trackCount);

  async function add(folder: string): Promise<void> {
    if (!folder.trim()) return;
    setBusy(true);
    setError(null);
    try {
      await addFolder(folder);
      setPath('');
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  function onSubmit(e: FormEvent): void {
    e.preventDefault();
    void add(path);
  }

  async function onBrowse(): Promise<void> {
    if (!pickFolder) return;
    const folder = await pickFolder();
    if (folder) await add(folder);
  }

  function onDrop(e: DragEvent): void {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (!file) return;
    const dropped = pathForFile?.(file) ?? '';
    if (dropped) void add(dropped);
    else setError('The browser does not tell web pages where a dropped folder is. Type or paste its path instead.');
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

      {!started && (
        <form
          className={`${styles.drop} ${dragging ? styles.dragging : ''}`}
          onSubmit={onSubmit}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <Icon name="folder" size={28} className={styles.dropIcon} />
          {pickFolder ? (
            <>
              <Button variant="primary" size="lg" icon="folder" onClick={() => void onBrowse()} disabled={busy}>
                Choose music folder…
              </Button>
              <p className={styles.dropHint}>or drop a folder here</p>
            </>
          ) : (
            <>
              <label htmlFor="music-folder" className={styles.label}>
                Music folder on the computer running Genrewise
              </label>
              <div className={styles.row}>
                <input
                  id="music-folder"
                  type="text"
                  className={styles.input}
                  placeholder="/home/you/Music"
                  value={path}
                  onChange={(e) => setPath(e.target.value)}
                  spellCheck={false}
                  autoComplete="off"
                  autoFocus
                />
                <Button type="submit" variant="primary" size="lg" disabled={busy || !path.trim()}>
                  {busy ? 'Adding…' : 'Add and scan'}
                </Button>
              </div>
              {browsing ? (
                <FolderBrowser
                  chooseLabel="Add and scan this folder"
                  onCancel={() => setBrowsing(false)}
                  onChoose={(folder) => {
                    setBrowsing(false);
                    void add(folder);
                  }}
                />
              ) : (
                <p className={styles.dropHint}>
                  Paste the full path, or{' '}
                  <button type="button" className={styles.linkButton} onClick={() => setBrowsing(true)}>
                    browse the folders
                  </button>
                  . Sub-folders are included.
                </p>
              )}
            </>
          )}
        </form>
      )}

      {error && (
        <Notice tone="bad" title="That folder could not be added" className={styles.notice}>
          {error}
        </Notice>
      )}

      {started && (
        <div className={styles.progressCard}>
          {roots.map((r) => (
            <div key={r.id} className={styles.root}>
              <Icon name="folder" size={16} />
              <code>{r.path}</code>
            </div>
          ))}
          {running.length > 0 ? (
            running.map((job) => {
              const fraction = jobFraction(job);
              return (
                <div key={job.id} className={styles.job}>
                  <div className={styles.jobHead}>
                    <span className={styles.jobTitle}>{jobTitle(job)}</span>
                    <span className={styles.jobDetail}>{jobDetail(job)}</span>
                  </div>
                  <div
                    className={styles.bar}
                    role="progressbar"
                    aria-label={jobTitle(job)}
                    aria-valuemin={0}
                    aria-valuemax={100}
                    aria-valuenow={fraction === null ? undefined : Math.round(fraction * 100)}
                  >
                    <div
                      className={fraction === null ? styles.indeterminate : styles.fill}
                      style={fraction === null ? undefined : { width: `${fraction * 100}%` }}
                    />
                  </div>
                  {job.errors > 0 && (
                    <button type="button" className={styles.link} onClick={() => go('errors')}>
                      {job.errors} file{job.errors === 1 ? '' : 's'} could not be read — see Problems
                    </button>
                  )}
                </div>
              );
            })
          ) : tracks === 0 ? (
            <Notice
              tone="warn"
              title="No music found yet"
              action={
                <Button size="sm" icon="refresh" onClick={() => void scanAndAnalyse()}>
                  Scan again
                </Button>
              }
            >
              The folder holds no audio files Genrewise can read, or the scan has not run. Check the path in Settings,
              or scan again.
            </Notice>
          ) : null}
          <div className={styles.actions}>
            {/* The first run ends on what needs the user: the tracks waiting for a decision. */}
            {ready && toReview > 0 && (
              <Button variant="primary" icon="review" onClick={() => go('review')}>
                Review {toReview.toLocaleString()} tracks
              </Button>
            )}
            <Button
              variant={tracks > 0 && !(ready && toReview > 0) ? 'primary' : 'secondary'}
              onClick={() => go('library')}
              disabled={tracks === 0}
            >
              {tracks > 0 ? `Browse ${tracks.toLocaleString()} tracks` : 'Browse the library'}
            </Button>
            <Button variant="ghost" onClick={() => go('settings')}>
              Library folders…
            </Button>
          </div>
        </div>
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
