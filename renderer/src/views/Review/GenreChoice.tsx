import type { ReactElement } from 'react';
import type { ReviewItem, TrackDetail } from '../../../../shared/api/types';
import { ProbabilityBars } from '../../components/ProbabilityBars/ProbabilityBars';
import { useReview } from '../../stores/review';
import styles from './ReviewView.module.css';

/** The model's probability for every genre, each a bar to choose it by click or number key. */
export function GenreChoice({
  item,
  detail,
  inFile,
  chosen,
  nameOf,
  busy,
}: {
  readonly item: ReviewItem;
  readonly detail: TrackDetail | undefined;
  readonly inFile: readonly string[];
  readonly chosen: string | null;
  readonly nameOf: (genre: string) => string;
  readonly busy: boolean;
}): ReactElement {
  return (
    <section className={styles.probs} aria-label="Choose a genre">
      <h2 className={styles.probsTitle}>Or choose the genre</h2>
      <p className={styles.probsHint}>
        Press its number key, or click it. Bars show how likely the model thinks each genre is.
      </p>
      {detail ? (
        <ProbabilityBars
          probabilities={detail.probabilities}
          predicted={item.predicted}
          inFile={inFile}
          chosen={chosen}
          nameOf={nameOf}
          onChoose={(genre) => void useReview.getState().decide({ action: 'choose', genre })}
          disabled={busy}
        />
      ) : (
        <div className={styles.loading}>Loading probabilities…</div>
      )}
    </section>
  );
}
