import type { ReactElement } from 'react';
import { Button } from '../../components/Button/Button';
import styles from './SettingsView.module.css';

export interface SaveBarProps {
  readonly problem: string | null;
  readonly saveError: string | null;
  readonly savedNote: boolean;
  readonly changeCount: number;
  readonly saving: boolean;
  readonly onDiscard: () => void;
  readonly onSave: () => void;
}

/** The bar under the form: what is unsaved or wrong, Discard and Save. */
export function SaveBar({
  problem,
  saveError,
  savedNote,
  changeCount,
  saving,
  onDiscard,
  onSave,
}: SaveBarProps): ReactElement | null {
  const dirty = changeCount > 0;
  if (!dirty && !savedNote && !saveError) return null;
  return (
    <div className={styles.saveBar} role="region" aria-label="Save settings">
      {problem ? (
        <span className={styles.problem} role="alert">
          {problem}
        </span>
      ) : saveError ? (
        <span className={styles.problem} role="alert">
          {saveError}
        </span>
      ) : savedNote && !dirty ? (
        <span className={styles.saved} role="status">
          Saved.
        </span>
      ) : (
        <span className={styles.muted}>
          {dirty ? `${changeCount} unsaved change${changeCount === 1 ? '' : 's'}` : 'All changes saved'}
        </span>
      )}
      <Button variant="ghost" onClick={onDiscard} disabled={!dirty || saving}>
        Discard
      </Button>
      <Button variant="primary" onClick={onSave} disabled={!dirty || saving || problem !== null}>
        {saving ? 'Saving…' : 'Save changes'}
      </Button>
    </div>
  );
}
