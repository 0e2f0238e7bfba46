import { useEffect, useMemo, useState, type ReactElement } from 'react';
import type { FileError } from '../../../../shared/api/types';
import { Button } from '../../components/Button/Button';
import { EmptyState } from '../../components/EmptyState/EmptyState';
import { Notice } from '../../components/Notice/Notice';
import { PageHeader } from '../../components/PageHeader/PageHeader';
import { errorHint, STAGE_LABEL } from '../../lib/error-hints';
import { fileName, folderOf, formatCount, formatWhen } from '../../lib/format';
import type { RootInfo } from '../../../../shared/api/types';
import { useErrors } from '../../stores/errors';
import { useLibrary } from '../../stores/library';
import styles from './ErrorsView.module.css';

type StageFilter = FileError['stage'] | 'all';

/** "My Music/broken" rather than a full path cut off before the part that tells files apart. */
export function folderInLibrary(path: string, roots: readonly Pick<RootInfo, 'path'>[]): string {
  const folder = folderOf(path);
  const root = roots
    .map((r) => r.path.replace(/[/\\]+$/, ''))
    .filter((r) => folder === r || folder.startsWith(`${r}/`) || folder.startsWith(`${r}\\`))
    .sort((a, b) => b.length - a.length)[0];
  if (!root) return folder;
  return `${fileName(root)}${folder.slice(root.length)}`;
}

/** Every file Genrewise could not read, analyse or write: what happened and what to do about it. */
export function ErrorsView(): ReactElement {
  const errors = useErrors((s) => s.errors);
  const loading = useErrors((s) => s.loading);
  const loadError = useErrors((s) => s.error);
  const scanAndAnalyse = useLibrary((s) => s.scanAndAnalyse);
  const roots = useLibrary((s) => s.roots);
  const [stage, setStage] = useState<StageFilter>('all');

  useEffect(() => {
    void useErrors.getState().load();
  }, []);

  const counts = useMemo(() => {
    const c: Record<StageFilter, number> = { all: errors.length, scan: 0, analysis: 0, write: 0 };
    for (const e of errors) c[e.stage] += 1;
    return c;
  }, [errors]);
  const shown = stage === 'all' ? errors : errors.filter((e) => e.stage === stage);

  return (
    <div className={styles.view}>
      <PageHeader
        title="Problems"
        description="Files Genrewise could not read, analyse or write. Nothing was changed in them."
        actions={
          errors.length > 0 ? (
            <Button icon="refresh" onClick={() => void scanAndAnalyse()}>
              Scan again
            </Button>
          ) : undefined
        }
      />
      {loadError && (
        <Notice tone="bad" className={styles.notice}>
          {loadError}
        </Notice>
      )}
      {errors.length === 0 && !loading ? (
        <EmptyState icon="check" title="No problems">
          Every file could be read. If a scan or a tag write reports a problem, it appears here with what to do about
          it.
        </EmptyState>
      ) : (
        <>
          <div className={styles.tabs} role="tablist" aria-label="Filter by stage">
            {(['all', 'scan', 'analysis', 'write'] as const).map((s) => (
              <button
                key={s}
                type="button"
                role="tab"
                aria-selected={stage === s}
                className={`${styles.tab} ${stage === s ? styles.tabOn : ''}`}
                onClick={() => setStage(s)}
                disabled={s !== 'all' && counts[s] === 0}
              >
                {s === 'all' ? 'All' : STAGE_LABEL[s]}
                <span className={styles.count}>{formatCount(counts[s])}</span>
              </button>
            ))}
          </div>
          <ul className={styles.list}>
            {shown.map((e) => (
              <li key={`${e.stage}:${e.path}`} className={styles.item}>
                <div className={styles.file}>
                  <span className={styles.name}>{fileName(e.path)}</span>
                  <code className={styles.folder} title={e.path}>
                    {folderInLibrary(e.path, roots)}
                  </code>
                </div>
                <div className={styles.what}>
                  <span className={styles.stage}>{STAGE_LABEL[e.stage]}</span>
                  <span className={styles.message}>{e.message}</span>
                </div>
                <div className={styles.todo}>
                  <span className={styles.todoLabel}>What to do</span>
                  {errorHint(e)}
                </div>
                <div className={styles.when}>{formatWhen(e.at)}</div>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
