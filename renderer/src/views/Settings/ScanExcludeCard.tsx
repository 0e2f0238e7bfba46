import type { ReactElement } from 'react';
import { Card } from '../../components/Card/Card';
import { Field } from '../../components/Field/Field';
import type { SectionProps } from './section-props';
import styles from './SettingsView.module.css';

/** Files and folders every scan leaves out: `scan.exclude`, the same list `scan --exclude` adds to. */
export function ScanExcludeCard({ draft, update }: SectionProps): ReactElement {
  return (
    <Card
      title="Leave out of the scan"
      subtitle="Hidden files (a leading dot, such as macOS ._ files), .DS_Store and Thumbs.db are always skipped."
    >
      <Field
        label="Files and folders to skip, one a line"
        hint={
          <>
            A name at any depth (<code>Podcasts</code>, <code>*.wav</code>) or a path from the library folder (
            <code>Live/**</code>). Applies from the next scan.
          </>
        }
      >
        <textarea
          className={styles.patterns}
          rows={3}
          spellCheck={false}
          placeholder={'Podcasts\n*.wav'}
          value={draft.scanExclude}
          onChange={(e) => update({ scanExclude: e.target.value })}
        />
      </Field>
    </Card>
  );
}
