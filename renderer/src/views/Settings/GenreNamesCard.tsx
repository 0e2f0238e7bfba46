import type { ReactElement } from 'react';
import { Card } from '../../components/Card/Card';
import { Field } from '../../components/Field/Field';
import type { SectionProps } from './section-props';
import styles from './SettingsView.module.css';

/** The name written into files and shown everywhere, per genre. */
export function GenreNamesCard({
  draft,
  update,
  genreIds,
}: SectionProps & { readonly genreIds: readonly string[] }): ReactElement {
  return (
    <Card title="Genre names" subtitle="The name written into files and shown everywhere, per genre.">
      <div className={styles.names}>
        {genreIds.map((id) => (
          <Field key={id} label={id}>
            <input
              type="text"
              value={draft.displayNames[id] ?? ''}
              placeholder={id}
              onChange={(e) => update({ displayNames: { ...draft.displayNames, [id]: e.target.value } })}
            />
          </Field>
        ))}
      </div>
    </Card>
  );
}
