import type { ReactElement } from 'react';
import { Card } from '../../components/Card/Card';
import { Field } from '../../components/Field/Field';
import type { SectionProps } from './section-props';
import styles from './SettingsView.module.css';

/** When a prediction needs the user, and what bulk accept takes by default. */
export function ReviewCard({ draft, update }: SectionProps): ReactElement {
  return (
    <Card title="Review" subtitle="When a prediction needs you, and what bulk accept takes by default.">
      <div className={styles.twoCols}>
        <Field label="Review tracks below (%)" hint="Predictions less confident than this go to the review queue.">
          <input
            type="number"
            min={0}
            max={100}
            value={draft.reviewThreshold}
            onChange={(e) => update({ reviewThreshold: Number(e.target.value) })}
            className={styles.number}
          />
        </Field>
        <Field label="Bulk accept from (%)" hint="The default for “Accept every prediction at …” in Review.">
          <input
            type="number"
            min={0}
            max={100}
            value={draft.acceptThreshold}
            onChange={(e) => update({ acceptThreshold: Number(e.target.value) })}
            className={styles.number}
          />
        </Field>
      </div>
    </Card>
  );
}
