import { useEffect, useRef, type ReactElement } from 'react';
import { transport } from '../../api/transport';
import { ConfidenceBar } from '../../components/ConfidenceBar/ConfidenceBar';
import { CoverArt } from '../../components/CoverArt/CoverArt';
import { Notice } from '../../components/Notice/Notice';
import { PageHeader } from '../../components/PageHeader/PageHeader';
import { MoreLikeThis } from '../../components/MoreLikeThis/MoreLikeThis';
import { PreviewPlayer, type PreviewPlayerHandle } from '../../components/PreviewPlayer/PreviewPlayer';
import { previewStretch } from '../../components/PreviewPlayer/preview-stretch';
import { fileName, formatCount, UPDATING } from '../../lib/format';
import { aliasTarget, displayName } from '../../lib/genre-names';
import { useLibrary } from '../../stores/library';
import { currentItem, useReview } from '../../stores/review';
import { activeModel, useSettings } from '../../stores/settings';
import type { DecisionInput } from '../../../../shared/api/types';
import { AlbumPanel } from './AlbumPanel';
import { BulkAccept } from './BulkAccept';
import { DecisionButtons } from './DecisionButtons';
import { GenreChoice } from './GenreChoice';
import { ReviewEmpty } from './ReviewEmpty';
import { ReviewNav } from './ReviewNav';
import { ShortcutKeys } from './ShortcutKeys';
import { useFocusFirstTrack } from './use-focus-first-track';
import { useReviewKeys } from './use-review-keys';
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
  const updating = useReview((s) => s.updating);
  const decisions = useReview((s) => s.decisions);
  const details = useReview((s) => s.details);
  const loading = useReview((s) => s.loading);
  const busy = useReview((s) => s.busy);
  const error = useReview((s) => s.error);
  const notice = useReview((s) => s.notice);
  const settings = useSettings((s) => s.settings);
  const models = useSettings((s) => s.models);
  const trackCount = useLibrary((s) => s.trackCount);
  const player = useRef<PreviewPlayerHandle>(null);
  const trackSection = useRef<HTMLElement>(null);

  const item = currentItem({ items, index });
  const detail = item ? details[item.id] : undefined;
  const nameOf = (g: string): string => displayName(g, settings?.displayNames);
  const genres = detail ? Object.keys(detail.probabilities) : (activeModel(models)?.genres ?? []);
  const genresRef = useRef(genres);
  genresRef.current = genres;

  useEffect(() => {
    void useReview.getState().load();
  }, []);

  useFocusFirstTrack(trackSection, item !== undefined);

  useReviewKeys(genresRef, player);

  const decidedCount = Object.keys(decisions).length;
  const header = (
    <PageHeader
      title="Review"
      description={
        remaining > 0
          ? `${formatCount(remaining)} track${remaining === 1 ? '' : 's'} need your ear. First the tracks whose answer settles the most others: each decision teaches your model the most.${updating ? ` ${UPDATING}` : ''}`
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
        <ReviewEmpty trackCount={trackCount} decidedCount={decidedCount} />
      </div>
    );
  }

  const decided = decisions[item.id];
  const predictedName = nameOf(item.predicted);
  const inFile = item.current.map((g) => aliasTarget(g, settings?.aliases)).filter((g): g is string => g !== null);
  const reason = reasonText(item, predictedName, item.current, settings?.reviewThreshold ?? null);
  const stretch = previewStretch(detail);
  const title = item.title ?? fileName(item.path);

  return (
    <div className={styles.view}>
      {header}
      <ReviewNav index={index} itemCount={items.length} decidedCount={decidedCount} />
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
          {/* The analysed part when the track has one (whichever model predicted), else the whole track. */}
          <PreviewPlayer ref={player} url={detail?.mediaUrl ?? transport().mediaUrl(item.id)} {...stretch} />
          {/* Listen, then decide: the buttons come before the explanation and the extras, in view without scrolling. */}
          {decided && (
            <Notice tone="good" title={decisionLabel(decided, nameOf)}>
              Press another key to change it, or → to go on.
            </Notice>
          )}
          <DecisionButtons predictedName={predictedName} busy={busy} hasTag={item.current.length > 0} />
          {notice && (
            <p className={styles.lastAction} role="status">
              {notice}
            </p>
          )}
          <Notice tone={item.reason === 'unfamiliar' ? 'warn' : 'info'} title={reason.title}>
            {reason.text}
          </Notice>
          {/* A track in review has a prediction, so it was analysed: it has neighbours, windows or not. */}
          <MoreLikeThis id={item.id} count={5} />
          <AlbumPanel
            trackId={item.id}
            genre={item.predicted}
            onDecided={() => {
              void useReview.getState().load();
              void useLibrary.getState().refresh();
            }}
          />
        </section>
        <GenreChoice
          item={item}
          detail={detail}
          inFile={inFile}
          chosen={decided?.action === 'choose' ? decided.genre : null}
          nameOf={nameOf}
          busy={busy}
        />
      </div>
      <ShortcutKeys />
    </div>
  );
}
