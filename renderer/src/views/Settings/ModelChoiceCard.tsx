import type { ReactElement } from 'react';
import type { ModelCardSummary } from '../../../../shared/api/types';
import { Card } from '../../components/Card/Card';
import { Field } from '../../components/Field/Field';
import { LearnRow } from './LearnRow';
import type { SectionProps } from './section-props';
import styles from './SettingsView.module.css';

export const BUILT_IN = [
  { value: 'svc', label: 'Support vector machine (recommended)' },
  { value: 'knn', label: 'Nearest neighbours' },
];

/** Which model predicts genres: the default (built in or a file) and the user's own. */
export function ModelChoiceCard({
  draft,
  update,
  models,
}: SectionProps & { readonly models: readonly ModelCardSummary[] }): ReactElement {
  const personal = models.filter((m) => m.role === 'personal');
  const isBuiltIn = BUILT_IN.some((b) => b.value === draft.defaultModel);
  return (
    <Card
      title="Model"
      subtitle={
        <>
          Which model predicts genres until your decisions and tags name two genres; from then on Genrewise answers in
          your own genres, learnt from them.
        </>
      }
    >
      <div className={styles.twoCols}>
        <Field
          label="Default model"
          hint={
            isBuiltIn
              ? 'Trained on GTZAN; ships with Genrewise.'
              : 'Path of a .onnx model with its .card.json beside it.'
          }
        >
          <select
            value={isBuiltIn ? draft.defaultModel : 'file'}
            onChange={(e) => update({ defaultModel: e.target.value === 'file' ? '' : e.target.value })}
          >
            {BUILT_IN.map((b) => (
              <option key={b.value} value={b.value}>
                {b.label}
              </option>
            ))}
            <option value="file">A model file…</option>
          </select>
        </Field>
        <Field
          label="Your model"
          hint={
            personal.length ? (
              'Trained with genrewise learn; it shapes “More like this”.'
            ) : (
              <>None: scripts train one with genrewise learn. The app learns your genres without it.</>
            )
          }
        >
          <select
            value={draft.personalModel ?? ''}
            onChange={(e) => update({ personalModel: e.target.value || null })}
            disabled={personal.length === 0 && draft.personalModel === null}
          >
            <option value="">Don’t use one</option>
            {personal.map((m) => (
              <option key={m.id} value={m.id}>
                {m.id} · {m.genres.length} genres
                {m.cvAccuracy !== null ? ` · ${Math.round(m.cvAccuracy * 100)}% accurate` : ''}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <LearnRow />
      {!isBuiltIn && (
        <Field label="Model file" className={styles.spaced}>
          <input
            type="text"
            value={draft.defaultModel}
            onChange={(e) => update({ defaultModel: e.target.value })}
            placeholder="/path/to/model.onnx"
            className={styles.mono}
            spellCheck={false}
          />
        </Field>
      )}
    </Card>
  );
}
