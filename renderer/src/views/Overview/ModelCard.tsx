import { useState, type ReactElement } from 'react';
import type { ModelCardSummary } from '../../../../shared/api/types';
import { Card } from '../../components/Card/Card';
import { formatPercent, formatWhen } from '../../lib/format';
import { ConfusionMatrix } from './ConfusionMatrix';
import styles from './Charts.module.css';

function Metric({
  label,
  value,
  hint,
}: {
  readonly label: string;
  readonly value: string;
  readonly hint: string;
}): ReactElement {
  return (
    <div className={styles.metric} title={hint}>
      <div className={styles.metricValue}>{value}</div>
      <div className={styles.metricLabel}>{label}</div>
      <div className={styles.metricHint}>{hint}</div>
    </div>
  );
}

function modelName(m: ModelCardSummary): string {
  const kind = m.kind.toUpperCase();
  return m.role === 'personal' ? `Your model (${kind})` : `Default model (${kind})`;
}

export function ModelCard({
  models,
  nameOf,
}: {
  readonly models: readonly ModelCardSummary[];
  readonly nameOf: (g: string) => string;
}): ReactElement {
  const sorted = [...models].sort((a, b) => Number(b.active) - Number(a.active) || (a.role === 'personal' ? -1 : 1));
  const [chosen, setChosen] = useState<string | null>(null);
  const model = sorted.find((m) => m.id === chosen) ?? sorted[0];
  if (!model) {
    return (
      <Card title="Model">
        <p className={styles.caption}>
          No model is installed. Reinstall Genrewise, or choose a model file in Settings.
        </p>
      </Card>
    );
  }
  const cv =
    model.cvAccuracy === null
      ? '—'
      : `${formatPercent(model.cvAccuracy)}${model.cvStd !== null ? ` ± ${formatPercent(model.cvStd)}` : ''}`;
  return (
    <Card
      title={modelName(model)}
      subtitle={`${model.active ? 'In use' : 'Not in use'} · trained ${formatWhen(model.createdAt)} · ${model.genres.length} genres`}
      actions={
        sorted.length > 1 ? (
          <select aria-label="Show model" value={model.id} onChange={(e) => setChosen(e.target.value)}>
            {sorted.map((m) => (
              <option key={m.id} value={m.id}>
                {modelName(m)}
                {m.active ? ' — in use' : ''}
              </option>
            ))}
          </select>
        ) : undefined
      }
    >
      <div className={styles.metrics}>
        <Metric
          label={model.role === 'personal' ? 'Cross-validated on your tracks' : 'GTZAN cross-validation'}
          value={cv}
          hint="Share of held-out tracks labelled right."
        />
        {model.realWorldAccuracy !== null && (
          <Metric
            label="Real recordings"
            value={formatPercent(model.realWorldAccuracy)}
            hint="Accuracy on modern recordings it never trained on."
          />
        )}
        {model.filteredAccuracy !== null && (
          <Metric
            label="GTZAN clean split"
            value={formatPercent(model.filteredAccuracy)}
            hint="Test split without duplicated artists."
          />
        )}
        <Metric
          label="Calibration error"
          value={model.ece === null ? '—' : formatPercent(model.ece, 1)}
          hint="How far shown confidence is from real accuracy; lower is better."
        />
      </div>
      {model.confusion ? (
        <ConfusionMatrix genres={model.genres} matrix={model.confusion} nameOf={nameOf} />
      ) : (
        <p className={styles.caption}>This model’s card has no confusion matrix.</p>
      )}
    </Card>
  );
}
