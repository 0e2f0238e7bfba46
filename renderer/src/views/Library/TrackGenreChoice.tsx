import type { ReactElement } from 'react';
import type { DecisionInput, TrackDetail } from '../../../../shared/api/types';
import { Button } from '../../components/Button/Button';
import { GenrePicker } from '../../components/GenrePicker/GenrePicker';
import { ProbabilityBars } from '../../components/ProbabilityBars/ProbabilityBars';
import { genreSuggestions } from '../../lib/genre-suggestions';
import { useLibrary } from '../../stores/library';
import { activeModel, useSettings } from '../../stores/settings';
import styles from './TrackDetailPanel.module.css';

interface TrackGenreChoiceProps {
  readonly detail: TrackDetail;
  /** The file's genres as the library's genres (aliases applied). */
  readonly inFile: readonly string[];
  readonly nameOf: (genre: string) => string;
  readonly busy: boolean;
  readonly onDecide: (decision: DecisionInput) => void;
}

/** The same decisions the review screen offers: a genre from the bars or any other, accept, keep. */
export function TrackGenreChoice({ detail, inFile, nameOf, busy, onDecide }: TrackGenreChoiceProps): ReactElement {
  const settings = useSettings((s) => s.settings);
  const models = useSettings((s) => s.models);
  const tagGenres = useLibrary((s) => s.stats?.byGenre);
  const hasProbabilities = Object.keys(detail.probabilities).length > 0;
  const choose = (genre: string): void => onDecide({ action: 'choose', genre });
  return (
    <div className={styles.section}>
      <h3 className={styles.sectionTitle}>{hasProbabilities ? 'Probability per genre' : 'Genre'}</h3>
      {hasProbabilities ? (
        <>
          <p className={styles.sectionHint}>Click a genre to choose it for this track.</p>
          <ProbabilityBars
            probabilities={detail.probabilities}
            predicted={detail.predicted}
            inFile={inFile}
            chosen={detail.decision?.action === 'choose' ? detail.decision.genre : null}
            nameOf={nameOf}
            onChoose={choose}
            disabled={busy}
          />
        </>
      ) : (
        <p className={styles.sectionHint}>
          {detail.status === 'error'
            ? 'This track could not be analysed, so the model has no opinion. Listen, then give it a genre.'
            : 'No prediction for this track yet. You can give it a genre now.'}
        </p>
      )}
      <GenrePicker
        label={hasProbabilities ? 'Or any other genre' : 'Its genre'}
        suggestions={genreSuggestions(activeModel(models)?.genres ?? [], tagGenres ?? [], settings?.displayNames)}
        onChoose={choose}
        disabled={busy}
      />
      <div className={styles.actions}>
        {detail.predicted && (
          <Button
            variant="primary"
            size="sm"
            icon="check"
            disabled={busy}
            onClick={() => onDecide({ action: 'accept' })}
          >
            Accept {nameOf(detail.predicted)}
          </Button>
        )}
        <Button size="sm" disabled={busy || detail.genres.length === 0} onClick={() => onDecide({ action: 'keep' })}>
          Keep file’s genre
        </Button>
      </div>
    </div>
  );
}
