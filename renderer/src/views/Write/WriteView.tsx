import { useEffect, type ReactElement } from 'react';
import type { WriteMode } from '../../../../shared/api/types';
import { Button } from '../../components/Button/Button';
import { Card } from '../../components/Card/Card';
import { jobDetail, jobFraction } from '../../components/JobBar/job-text';
import { Notice } from '../../components/Notice/Notice';
import { PageHeader } from '../../components/PageHeader/PageHeader';
import { formatCount, plural } from '../../lib/format';
import { useJobs } from '../../stores/jobs';
import { useNavigation } from '../../stores/navigation';
import { useWriteFlow } from '../../stores/write-flow';
import { BatchHistory } from './BatchHistory';
import { DecisionHistory } from './DecisionHistory';
import { PlanList } from './PlanList';
import { writeOutcomeText } from './write-outcome';
import styles from './WriteView.module.css';

const MODES: readonly { mode: WriteMode; title: string; text: string }[] = [
  { mode: 'replace', title: 'Replace', text: 'The file’s genre becomes exactly the decided genre.' },
  { mode: 'add', title: 'Add', text: 'Keep the genres already in the file and add ours.' },
  { mode: 'fill', title: 'Fill gaps', text: 'Only write files that have no genre at all.' },
];

const STEPS = ['Choose', 'Check the changes', 'Write'] as const;

function stepIndex(step: string): number {
  if (step === 'options' || step === 'planning' || step === 'failed') return 0;
  if (step === 'planned') return 1;
  return 2;
}

function Options(): ReactElement {
  const options = useWriteFlow((s) => s.options);
  const flow = useWriteFlow((s) => s.flow);
  const setOptions = useWriteFlow((s) => s.setOptions);
  const plan = useWriteFlow((s) => s.plan);
  const locked = flow.step === 'planning' || flow.step === 'writing';
  return (
    <Card title="What to write">
      <fieldset className={styles.modes} disabled={locked}>
        <legend className="visually-hidden">Write mode</legend>
        {MODES.map((m) => (
          <label key={m.mode} className={`${styles.mode} ${options.mode === m.mode ? styles.modeOn : ''}`}>
            <input
              type="radio"
              name="write-mode"
              value={m.mode}
              checked={options.mode === m.mode}
              onChange={() => setOptions({ mode: m.mode })}
            />
            <span>
              <span className={styles.modeTitle}>{m.title}</span>
              <span className={styles.modeText}>{m.text}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <div className={styles.which}>
        <label className={styles.check}>
          <input
            type="checkbox"
            checked={options.onlyDecided ?? false}
            onChange={(e) => setOptions({ onlyDecided: e.target.checked })}
            disabled={locked}
          />
          <span>
            Only tracks I decided
            <span className={styles.checkHint}>
              Reviewed or bulk-accepted tracks. Untick to also write confident predictions.
            </span>
          </span>
        </label>
        {!options.onlyDecided && (
          <label className={styles.inline}>
            Predictions at
            <input
              type="number"
              min={50}
              max={100}
              value={Math.round((options.minConfidence ?? 0.8) * 100)}
              onChange={(e) => setOptions({ minConfidence: Math.min(100, Math.max(0, Number(e.target.value))) / 100 })}
              disabled={locked}
              aria-label="Minimum confidence in percent"
              className={styles.percent}
            />
            % confidence or more
          </label>
        )}
        <label className={styles.check}>
          <input
            type="checkbox"
            checked={options.keepMtime ?? false}
            onChange={(e) => setOptions({ keepMtime: e.target.checked })}
            disabled={locked}
          />
          <span>
            Keep the files’ modification dates
            <span className={styles.checkHint}>
              Useful when other programs sort by date; backups may then miss the change.
            </span>
          </span>
        </label>
      </div>
      <div className={styles.footer}>
        <Button variant="primary" onClick={() => void plan()} disabled={locked}>
          {flow.step === 'planning' ? 'Working out the changes…' : 'Preview changes'}
        </Button>
        <span className={styles.safe}>Nothing is written until you confirm.</span>
      </div>
    </Card>
  );
}

function Planned(): ReactElement | null {
  const flow = useWriteFlow((s) => s.flow);
  const confirm = useWriteFlow((s) => s.confirm);
  const back = useWriteFlow((s) => s.back);
  if (flow.step !== 'planned') return null;
  const { plan } = flow;
  const n = plan.changes.length;
  return (
    <Card
      title={n ? `${plural(n, 'file')} will change` : 'Nothing to write'}
      subtitle={plan.skipped ? `${formatCount(plan.skipped)} already have these genres or do not qualify` : undefined}
      actions={
        <>
          <Button onClick={back}>Back</Button>
          <Button variant="primary" icon="write" onClick={() => void confirm()} disabled={n === 0}>
            Write {plural(n, 'file')}
          </Button>
        </>
      }
      flush
    >
      {n ? (
        <PlanList changes={plan.changes} />
      ) : (
        <p className={styles.nothing}>
          No file needs a change with these options. Decide more tracks in Review, or include confident predictions.
        </p>
      )}
    </Card>
  );
}

function Progress(): ReactElement | null {
  const flow = useWriteFlow((s) => s.flow);
  const jobs = useJobs((s) => s.jobs);
  const back = useWriteFlow((s) => s.back);
  const batches = useWriteFlow((s) => s.batches);
  const go = useNavigation((s) => s.go);
  if (flow.step === 'writing') {
    const job = jobs[flow.jobId];
    const fraction = job ? jobFraction(job) : null;
    return (
      <Card
        title="Writing genre tags…"
        subtitle="Each file is written to a copy, checked, then swapped in. You can keep working meanwhile."
      >
        <div
          className={styles.bar}
          role="progressbar"
          aria-label="Writing tags"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={fraction === null ? undefined : Math.round(fraction * 100)}
        >
          <div style={{ width: `${(fraction ?? 0) * 100}%` }} />
        </div>
        <p className={styles.progressText}>{job ? jobDetail(job) : 'Starting…'}</p>
      </Card>
    );
  }
  if (flow.step === 'finished') {
    const outcome = writeOutcomeText(flow.job, batches);
    return (
      <Notice
        tone={outcome.tone}
        title={outcome.title}
        action={
          <>
            {outcome.problems && <Button onClick={() => go('errors')}>Open Problems</Button>}
            <Button onClick={back}>Write more</Button>
          </>
        }
      >
        {outcome.text}
      </Notice>
    );
  }
  if (flow.step === 'failed') {
    return (
      <Notice tone="bad" title="Could not prepare the write" action={<Button onClick={back}>Back</Button>}>
        {flow.message}
      </Notice>
    );
  }
  return null;
}

export function WriteView(): ReactElement {
  const flow = useWriteFlow((s) => s.flow);
  const current = stepIndex(flow.step);

  useEffect(() => {
    void useWriteFlow.getState().loadBatches();
  }, []);

  return (
    <div className={styles.view}>
      <PageHeader
        title="Write tags"
        description="Put the decided genres into your files — safely: every file is verified after writing, and every batch can be undone."
      />
      <ol className={styles.steps} aria-label="Steps">
        {STEPS.map((label, i) => (
          <li
            key={label}
            className={`${styles.step} ${i === current ? styles.stepNow : ''} ${i < current ? styles.stepDone : ''}`}
            aria-current={i === current ? 'step' : undefined}
          >
            <span className={styles.stepNo}>{i + 1}</span>
            {label}
          </li>
        ))}
      </ol>
      <div className={styles.column}>
        {(flow.step === 'options' || flow.step === 'planning' || flow.step === 'failed') && <Options />}
        <Planned />
        <Progress />
        <BatchHistory />
        <DecisionHistory />
      </div>
    </div>
  );
}
