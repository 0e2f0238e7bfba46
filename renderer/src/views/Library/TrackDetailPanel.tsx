import type { ReactElement } from 'react';
import { transport } from '../../api/transport';
import { MoreLikeThis } from '../../components/MoreLikeThis/MoreLikeThis';
import { Notice } from '../../components/Notice/Notice';
import { PreviewPlayer } from '../../components/PreviewPlayer/PreviewPlayer';
import { previewStretch } from '../../components/PreviewPlayer/preview-stretch';
import { aliasTarget, displayName } from '../../lib/genre-names';
import { useSettings } from '../../stores/settings';
import { useTrackTable } from '../../stores/track-table';
import { AnalysedParts } from './AnalysedParts';
import { TrackDetailHead } from './TrackDetailHead';
import { TrackFacts } from './TrackFacts';
import { TrackGenreChoice } from './TrackGenreChoice';
import { disagreesWithTag, TrackReason } from './TrackReason';
import { useTrackDetail } from './use-track-detail';
import styles from './TrackDetailPanel.module.css';

/** Everything known about one track, and the same decisions the review screen offers. */
export function TrackDetailPanel({ id }: { readonly id: number }): ReactElement {
  const settings = useSettings((s) => s.settings);
  const select = useTrackTable((s) => s.select);
  const { detail, error, busy, decide, clear } = useTrackDetail(id);
  const nameOf = (g: string): string => displayName(g, settings?.displayNames);
  const inFile = (detail?.genres ?? [])
    .map((g) => aliasTarget(g, settings?.aliases))
    .filter((g): g is string => g !== null);

  return (
    <aside className={styles.panel} aria-label="Track details">
      <TrackDetailHead id={id} detail={detail} />
      {error && <Notice tone="bad">{error}</Notice>}
      {detail && (
        <div className={styles.body}>
          <TrackFacts detail={detail} nameOf={nameOf} busy={busy} onClear={clear} />
          <TrackReason
            detail={detail}
            disagrees={disagreesWithTag(detail, inFile, settings?.reviewThreshold ?? 1)}
            nameOf={nameOf}
          />
          {/* Every track can be played: the analysed part when there is one, else the whole track. */}
          <PreviewPlayer url={detail.mediaUrl ?? transport().mediaUrl(detail.id)} {...previewStretch(detail)} />
          <TrackGenreChoice detail={detail} inFile={inFile} nameOf={nameOf} busy={busy} onDecide={decide} />
          {detail.windows.length > 1 && <AnalysedParts windows={detail.windows} nameOf={nameOf} />}
          {/* Neighbours come from the stored analysis: none for a track never analysed or whose analysis failed. */}
          {detail.analysedWindows.length > 0 && <MoreLikeThis id={detail.id} onOpen={select} />}
        </div>
      )}
    </aside>
  );
}
