import { useEffect, useMemo, type ReactElement } from 'react';
import { Button } from '../../components/Button/Button';
import { Card } from '../../components/Card/Card';
import { EmptyState } from '../../components/EmptyState/EmptyState';
import { PageHeader } from '../../components/PageHeader/PageHeader';
import { UpdatingMark } from '../../components/UpdatingMark/UpdatingMark';
import { STATUS_LABEL } from '../../components/StatusBadge/StatusBadge';
import { formatCount, formatLongDuration, formatPercent, UPDATING } from '../../lib/format';
import { displayName } from '../../lib/genre-names';
import { useLibrary } from '../../stores/library';
import { useNavigation } from '../../stores/navigation';
import { useSettings } from '../../stores/settings';
import type { ModelCardSummary, ModelComparisonRow, TrackStatus } from '../../../../shared/api/types';
import { ConfidenceHistogram } from './ConfidenceHistogram';
import { genreBars } from './distribution';
import { GenreDistribution } from './GenreDistribution';
import { LibraryMap } from './LibraryMap/LibraryMap';
import { ModelCard } from './ModelCard';
import { ModelComparison } from './ModelComparison';
import styles from './OverviewView.module.css';

const STATUS_ORDER: readonly TrackStatus[] = [
  'written',
  'decided',
  'skipped',
  'predicted',
  'review',
  'analysed',
  'new',
  'error',
  'gone',
];

function Tile({
  label,
  value,
  sub,
  updating = false,
  onClick,
}: {
  readonly label: string;
  readonly value: string;
  readonly sub?: string;
  /** The value is as it stood before an update still being worked in. */
  readonly updating?: boolean;
  readonly onClick?: () => void;
}): ReactElement {
  const body = (
    <>
      <div className={styles.tileLabel}>{label}</div>
      <div className={styles.tileValue}>
        {value}
        {updating && (
          <>
            {' '}
            <UpdatingMark />
          </>
        )}
      </div>
      {sub && <div className={styles.tileSub}>{sub}</div>}
    </>
  );
  return onClick ? (
    <button type="button" className={`${styles.tile} ${styles.tileButton}`} onClick={onClick}>
      {body}
    </button>
  ) : (
    <div className={styles.tile}>{body}</div>
  );
}

/** The classifier comparison of the default model's card, when it has one. */
function comparisonOf(
  models: readonly ModelCardSummary[],
): { readonly rows: readonly ModelComparisonRow[]; readonly kind: string } | null {
  const model = models.find((m) => m.role === 'default' && m.comparison !== null);
  return model?.comparison ? { rows: model.comparison, kind: model.kind } : null;
}

export function OverviewView(): ReactElement {
  const stats = useLibrary((s) => s.stats);
  const trackCount = useLibrary((s) => s.trackCount);
  const settings = useSettings((s) => s.settings);
  const models = useSettings((s) => s.models);
  const go = useNavigation((s) => s.go);

  useEffect(() => {
    void useLibrary.getState().refresh();
    void useSettings.getState().load();
  }, []);

  const bars = useMemo(() => (stats ? genreBars(stats.byGenre, stats.byPredicted, settings) : []), [stats, settings]);
  const nameOf = (g: string): string => displayName(g, settings?.displayNames);
  const comparison = comparisonOf(models);

  if (!stats && trackCount > 0) {
    return (
      <div className={styles.view}>
        <PageHeader title="Overview" description={`${formatCount(trackCount)} tracks`} />
        <p className={styles.loading} role="status">
          Counting genres and confidence across your library…
        </p>
      </div>
    );
  }

  if (!stats || stats.tracks === 0) {
    return (
      <div className={styles.view}>
        <PageHeader title="Overview" />
        <EmptyState
          icon="overview"
          title="Nothing to chart yet"
          action={
            <Button variant="primary" icon="folder" onClick={() => go('welcome')}>
              Add a music folder
            </Button>
          }
        >
          Once your music is scanned and analysed, this page shows its genres, how sure the predictions are, and how
          good the model is.
        </EmptyState>
      </div>
    );
  }

  const decided = stats.byStatus
    .filter((s) => s.key === 'decided' || s.key === 'written')
    .reduce((a, s) => a + s.count, 0);
  const statusTotal = stats.byStatus.reduce((a, s) => a + s.count, 0) || 1;
  const byStatus = [...stats.byStatus].sort(
    (a, b) => STATUS_ORDER.indexOf(a.key as TrackStatus) - STATUS_ORDER.indexOf(b.key as TrackStatus),
  );

  return (
    <div className={styles.view}>
      <PageHeader
        title="Overview"
        description={`${formatCount(stats.tracks)} tracks · ${formatLongDuration(stats.durationSec)} of music${stats.updating ? ` · ${UPDATING}` : ''}`}
      />
      <div className={styles.grid}>
        <div className={styles.tiles}>
          <Tile
            label="Analysed"
            value={formatPercent(stats.tracks ? stats.analysed / stats.tracks : 0)}
            sub={`${formatCount(stats.analysed)} of ${formatCount(stats.tracks)}`}
          />
          <Tile
            label="To review"
            value={formatCount(stats.reviewQueue)}
            updating={stats.updating}
            sub={stats.reviewQueue ? 'Open the review queue' : 'Nothing waiting'}
            onClick={stats.reviewQueue ? () => go('review') : undefined}
          />
          <Tile
            label="Decided"
            value={formatCount(decided)}
            sub="Ready to write, or written"
            onClick={decided ? () => go('write') : undefined}
          />
          <Tile
            label="Problems"
            value={formatCount(stats.errors)}
            sub={stats.errors ? 'Files that could not be read or analysed' : 'None'}
            onClick={stats.errors ? () => go('errors') : undefined}
          />
        </div>

        <Card title="Where the library stands" className={styles.wide}>
          <div
            className={styles.stack}
            role="img"
            aria-label={byStatus.map((s) => `${STATUS_LABEL[s.key as TrackStatus] ?? s.key}: ${s.count}`).join(', ')}
          >
            {byStatus.map((s) => (
              <span
                key={s.key}
                className={`${styles.segment} ${styles[`s_${s.key}`] ?? ''}`}
                style={{ flexGrow: s.count }}
                title={`${STATUS_LABEL[s.key as TrackStatus] ?? s.key}: ${formatCount(s.count)}`}
              />
            ))}
          </div>
          <ul className={styles.stackLegend}>
            {byStatus.map((s) => (
              <li key={s.key}>
                <i className={`${styles.dot} ${styles[`s_${s.key}`] ?? ''}`} />
                {STATUS_LABEL[s.key as TrackStatus] ?? s.key}
                <strong>{formatCount(s.count)}</strong>
                <span className={styles.muted}>{formatPercent(s.count / statusTotal)}</span>
              </li>
            ))}
          </ul>
        </Card>

        <Card title="Genres" subtitle="What the files say, next to what the model hears">
          {bars.length ? (
            <GenreDistribution bars={bars} />
          ) : (
            <p className={styles.muted}>No genre tags or predictions yet.</p>
          )}
        </Card>

        <Card title="Confidence" subtitle="How sure the model is about each track">
          {stats.predicted ? (
            <ConfidenceHistogram bins={stats.confidenceHistogram} reviewThreshold={settings?.reviewThreshold ?? null} />
          ) : (
            <p className={styles.muted}>No predictions yet: they appear as the analysis runs.</p>
          )}
        </Card>

        <Card title="Map of the library" subtitle="Tracks that sound alike lie close together" className={styles.wide}>
          <LibraryMap nameOf={nameOf} />
        </Card>

        {comparison ? (
          <div className={styles.modelRow}>
            <ModelCard models={models} nameOf={nameOf} />
            <ModelComparison rows={comparison.rows} defaultModel={comparison.kind} />
          </div>
        ) : (
          <div className={styles.wide}>
            <ModelCard models={models} nameOf={nameOf} />
          </div>
        )}
      </div>
    </div>
  );
}
