import { useEffect, useRef, type ReactElement } from 'react';
import { transport } from '../../api/transport';
import { Button } from '../../components/Button/Button';
import { ConfidenceBar } from '../../components/ConfidenceBar/ConfidenceBar';
import { CoverArt } from '../../components/CoverArt/CoverArt';
import { EmptyState } from '../../components/EmptyState/EmptyState';
import { Notice } from '../../components/Notice/Notice';
import { PageHeader } from '../../components/PageHeader/PageHeader';
import { MoreLikeThis } from '../../components/MoreLikeThis/MoreLikeThis';
import { PreviewPlayer, type PreviewPlayerHandle } from '../../components/PreviewPlayer/PreviewPlayer';
import { ProbabilityBars } from '../../components/ProbabilityBars/ProbabilityBars';
import { fileName, formatCount } from '../../lib/format';
import { aliasTarget, displayName } from '../../lib/genre-names';
import { focusOwnsKey, reviewKeyAction } from '../../lib/review-keys';
import { useLibrary } from '../../stores/library';
import { useNavigation } from '../../stores/navigation';
import { currentItem, useReview } from '../../stores/review';
import { activeModel, useSettings } from '../../stores/settings';
import type { DecisionInput } from '../../../../shared/api/types';
import { AlbumPanel } from './AlbumPanel';
import { BulkAccept } from './BulkAccept';
import { reasonText } from './reason-text';
import styles from './ReviewView.module.css';

function decisionLabel(d: DecisionInput, nameOf: (g: string) => string): string {
  switch (d.action) {
    case 'accept':
      return 'You accepted the prediction';
    case 'choose':
      return `You chose ${nameOf(d.genre)}`;
    case 'keep':
      return 'You kept the file’s genre';
    case 'skip':
      return 'You skipped this track';
  }
}

export function ReviewView(): ReactElement {
  const items = useReview((s) => s.items);
  const index = useReview((s) => s.index);
  const remaining = useReview((s) => s.remaining);
  const decisions = useReview((s) => s.decisions);
  const details = useReview((s) => s.details);
  const loading = useReview((s) => s.loading);
  const busy = useReview((s) => s.busy);
  const error = useReview((s) => s.error);
  const notice = useReview((s) => s.notice);
  const settings = useSettings((s) => s.settings);
  const models = useSettings((s) => s.models);
  const go = useNavigation((s) => s.go);
  const trackCount = useLibrary((s) => s.trackCount);
  const player = useRef<PreviewPlayerHandle>(null);
  const trackSection = useRef<HTMLElement>(null);
  const focused = useRef(false);

  const item = currentItem({ items, index });
  const detail = item ? details[item.id] : undefined;
  const nameOf = (g: string): string => displayName(g, settings?.displayNames);
  const genres = detail ? Object.keys(detail.probabilities) : (activeModel(models)?.genres ?? []);
  const genresRef = useRef(genres);
  genresRef.current = genres;

  useEffect(() => {
    void useReview.getState().load();
  }, []);

  // Arriving from the sidebar leaves focus on its link, which keeps Enter and Space for itself:
  // once the first track is shown, focus moves to it so the review keys work at once.
  const shown = item !== undefined;
  useEffect(() => {
    const section = trackSection.current;
    if (!shown || focused.current || !section) return;
    focused.current = true;
    const view = section.closest('main') ?? section.parentElement;
    if (!view?.contains(document.activeElement) || document.activeElement === document.body) {
      section.focus({ preventScroll: true });
    }
  }, [shown]);

  // The keyboard drives the whole screen, but a focused control keeps the keys it acts on:
  // Enter on "Skip" skips, Enter on a sidebar link navigates, text fields keep every key.
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || focusOwnsKey(e.target, e.key)) return;
      const action = reviewKeyAction(e, genresRef.current);
      if (!action) return;
      e.preventDefault();
      // Holding a key must not decide a run of tracks; holding an arrow may scroll through them.
      if (e.repeat && action.type !== 'move') return;
      const review = useReview.getState();
      if (action.type === 'move') review.move(action.delta);
      else if (action.type === 'toggle-play') player.current?.toggle();
      else {
        void review.decide(action.decision).then(() => useLibrary.getState().refresh());
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const decidedCount = Object.keys(decisions).length;
  const header = (
    <PageHeader
      title="Review"
      description={
        remaining > 0
          ? `${formatCount(remaining)} track${remaining === 1 ? '' : 's'} need your ear. First the tracks whose answer settles the most others: each decision teaches your model the most.`
          : 'Tracks the model is unsure about, or that disagree with their tags, wait here for your decision.'
      }
      actions={trackCount > 0 ? <BulkAccept /> : undefined}
    />
  );

  if (loading && items.length === 0) {
    return (
      <div className={styles.view}>
        {header}
        <div className={styles.loading} role="status">
          Loading the review queue…
        </div>
      </div>
    );
  }

  if (!item) {
    const done = decidedCount > 0;
    return (
      <div className={styles.view}>
        {header}
        {error && (
          <Notice tone="bad" className={styles.notice}>
            {error}
          </Notice>
        )}
        {notice && (
          <Notice tone="good" className={styles.notice}>
            {notice}
          </Notice>
        )}
        {trackCount === 0 ? (
          <EmptyState
            icon="review"
            title="No music yet"
            action={
              <Button variant="primary" icon="folder" onClick={() => go('welcome')}>
                Add a music folder
              </Button>
            }
          >
            Once your music is analysed, the tracks the model is unsure about wait here for you.
          </EmptyState>
        ) : (
          <EmptyState
            icon="review"
            title={done ? 'Queue cleared — nice work' : 'Nothing to review'}
            action={
              <>
                <Button variant="primary" icon="write" onClick={() => go('write')}>
                  Write genres to files
                </Button>
                {done && (
                  <Button onClick={() => void useReview.getState().load()} icon="refresh">
                    Check again
                  </Button>
                )}
              </>
            }
          >
            {done
              ? `You made ${decidedCount} decision${decidedCount === 1 ? '' : 's'}. Nothing is in your files yet: write them when you are ready, and undo any time.`
              : 'Every analysed track has a confident prediction that agrees with its tag, or has been decided. New tracks appear here after analysis.'}
          </EmptyState>
        )}
      </div>
    );
  }

  const decided = decisions[item.id];
  const predictedName = nameOf(item.predicted);
  const inFile = item.current.map((g) => aliasTarget(g, settings?.aliases)).filter((g): g is string => g !== null);
  const reason = reasonText(item, predictedName, item.current, settings?.reviewThreshold ?? null);
  const window0 = detail?.windows[0];
  const title = item.title ?? fileName(item.path);

  return (
    <div className={styles.view}>
      {header}
      <div className={styles.navRow}>
        <Button
          variant="ghost"
          size="sm"
          icon="left"
          onClick={() => useReview.getState().move(-1)}
          disabled={index === 0}
          aria-label="Previous track (←)"
          title="Previous (←)"
        />
        <span className={styles.position} aria-live="polite">
          Track {formatCount(index + 1)} of {formatCount(Math.max(items.length, index + 1))}
          {decidedCount > 0 && (
            <span className={styles.muted}> · {formatCount(decidedCount)} decided this session</span>
          )}
        </span>
        <Button
          variant="ghost"
          size="sm"
          icon="right"
          onClick={() => useReview.getState().move(1)}
          aria-label="Next track (→)"
          title="Next (→)"
        />
        {decidedCount > 0 && (
          <div className={styles.sessionBar} aria-hidden="true">
            <div style={{ width: `${items.length ? (decidedCount / items.length) * 100 : 0}%` }} />
          </div>
        )}
      </div>
      {error && (
        <Notice tone="bad" className={styles.notice}>
          {error}
        </Notice>
      )}
      <div className={styles.layout}>
        <section ref={trackSection} tabIndex={-1} className={styles.track} aria-label="Track under review">
          <div className={styles.trackHeadRow}>
            <CoverArt trackId={item.id} size={72} />
            <div className={styles.trackHead}>
              <h2 className={styles.title}>{title}</h2>
              <div className={styles.artist}>{item.artist ?? 'Unknown artist'}</div>
              <code className={styles.path}>{item.path}</code>
            </div>
          </div>
          <div className={styles.compare}>
            <div className={styles.compareBox}>
              <div className={styles.compareLabel}>In the file</div>
              <div className={styles.compareValue}>
                {item.current.length ? item.current.join('; ') : <span className={styles.muted}>no genre</span>}
              </div>
            </div>
            <div className={styles.compareArrow} aria-hidden="true">
              →
            </div>
            <div className={`${styles.compareBox} ${styles.comparePredicted}`}>
              <div className={styles.compareLabel}>
                {item.source === 'personal' ? 'Your model hears' : 'The model hears'}
              </div>
              <div className={styles.compareValue}>{predictedName}</div>
              <ConfidenceBar value={item.confidence} unfamiliar={item.unfamiliar} />
            </div>
          </div>
          <Notice tone={item.reason === 'unfamiliar' ? 'warn' : 'info'} title={reason.title}>
            {reason.text}
          </Notice>
          {window0 ? (
            <PreviewPlayer
              ref={player}
              url={detail?.mediaUrl ?? transport().mediaUrl(item.id)}
              startSec={window0.startSec}
              durationSec={window0.durationSec}
            />
          ) : (
            // No analysed window (the audio could not be analysed): play the track from its start.
            <PreviewPlayer
              ref={player}
              url={detail?.mediaUrl ?? transport().mediaUrl(item.id)}
              startSec={0}
              durationSec={detail?.durationSec ?? 30}
            />
          )}
          {window0 && <MoreLikeThis id={item.id} count={5} />}
          <AlbumPanel
            trackId={item.id}
            genre={item.predicted}
            onDecided={() => {
              void useReview.getState().load();
              void useLibrary.getState().refresh();
            }}
          />
          {decided && (
            <Notice tone="good" title={decisionLabel(decided, nameOf)}>
              Press another key to change it, or → to go on.
            </Notice>
          )}
          <div className={styles.decide}>
            <Button
              variant="primary"
              icon="check"
              shortcut="Enter"
              disabled={busy}
              onClick={() => void useReview.getState().decide({ action: 'accept' })}
            >
              Accept {predictedName}
            </Button>
            <Button
              shortcut="K"
              disabled={busy || item.current.length === 0}
              onClick={() => void useReview.getState().decide({ action: 'keep' })}
              title={item.current.length ? undefined : 'The file has no genre to keep'}
            >
              Keep tag
            </Button>
            <Button
              variant="ghost"
              shortcut="S"
              disabled={busy}
              onClick={() => void useReview.getState().decide({ action: 'skip' })}
            >
              Skip
            </Button>
          </div>
          {notice && (
            <p className={styles.lastAction} role="status">
              {notice}
            </p>
          )}
        </section>
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
              chosen={decided?.action === 'choose' ? decided.genre : null}
              nameOf={nameOf}
              onChoose={(genre) => void useReview.getState().decide({ action: 'choose', genre })}
              disabled={busy}
            />
          ) : (
            <div className={styles.loading}>Loading probabilities…</div>
          )}
        </section>
      </div>
      <footer className={styles.keys} aria-label="Keyboard shortcuts">
        <span>
          <kbd>1</kbd>–<kbd>9</kbd> <kbd>0</kbd> choose genre
        </span>
        <span>
          <kbd>Enter</kbd> accept prediction
        </span>
        <span>
          <kbd>K</kbd> keep tag
        </span>
        <span>
          <kbd>S</kbd> skip
        </span>
        <span>
          <kbd>←</kbd> <kbd>→</kbd> move
        </span>
        <span>
          <kbd>Space</kbd> play / pause
        </span>
      </footer>
    </div>
  );
}
