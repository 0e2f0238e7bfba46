import { useEffect, useState, type ReactElement } from 'react';
import type { DecisionInput, TrackDetail } from '../../../../shared/api/types';
import { getTrack } from '../../api/library';
import { clearDecisions, decide } from '../../api/review';
import { transport } from '../../api/transport';
import { Button } from '../../components/Button/Button';
import { ConfidenceBar } from '../../components/ConfidenceBar/ConfidenceBar';
import { CoverArt } from '../../components/CoverArt/CoverArt';
import { GenrePicker } from '../../components/GenrePicker/GenrePicker';
import { MoreLikeThis } from '../../components/MoreLikeThis/MoreLikeThis';
import { Notice } from '../../components/Notice/Notice';
import { PreviewPlayer } from '../../components/PreviewPlayer/PreviewPlayer';
import { previewStretch } from '../../components/PreviewPlayer/preview-stretch';
import { ProbabilityBars } from '../../components/ProbabilityBars/ProbabilityBars';
import { StatusBadge } from '../../components/StatusBadge/StatusBadge';
import { messageOf } from '../../lib/errors';
import { folderArtistAlbum } from '../../lib/folder-tags';
import { fileName, formatDuration, formatWhen } from '../../lib/format';
import { aliasTarget, displayName } from '../../lib/genre-names';
import { genreSuggestions } from '../../lib/genre-suggestions';
import { useLibrary } from '../../stores/library';
import { activeModel, useSettings } from '../../stores/settings';
import { useTrackTable } from '../../stores/track-table';
import { FromFolder, useLibraryFolders } from './TrackCell';
import styles from './TrackDetailPanel.module.css';

export function decisionText(detail: Pick<TrackDetail, 'decision'>, nameOf: (g: string) => string): string | null {
  const d = detail.decision;
  if (!d) return null;
  const who = d.source === 'user' ? 'you' : 'bulk accept';
  switch (d.action) {
    case 'skip':
      return `Skipped by ${who}`;
    case 'keep':
      return `Keep the file’s genre (${who})`;
    case 'accept':
    case 'choose':
      return `${d.genre ? nameOf(d.genre) : '—'}, ${d.action === 'accept' ? 'accepted' : 'chosen'} by ${who}`;
  }
}

/** Everything known about one track, and the same decisions the review screen offers. */
export function TrackDetailPanel({ id }: { readonly id: number }): ReactElement {
  const settings = useSettings((s) => s.settings);
  const models = useSettings((s) => s.models);
  const tagGenres = useLibrary((s) => s.stats?.byGenre);
  const select = useTrackTable((s) => s.select);
  const roots = useLibraryFolders();
  const [detail, setDetail] = useState<TrackDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const nameOf = (g: string): string => displayName(g, settings?.displayNames);

  useEffect(() => {
    let live = true;
    setDetail(null);
    setError(null);
    getTrack(id)
      .then((d) => live && setDetail(d))
      .catch((err: unknown) => live && setError(messageOf(err)));
    return () => {
      live = false;
    };
  }, [id]);

  async function onDecide(decision: DecisionInput): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      await decide(id, decision);
      setDetail(await getTrack(id));
      void useTrackTable.getState().reload();
      void useLibrary.getState().refresh();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  async function onClear(): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      await clearDecisions([id]);
      setDetail(await getTrack(id));
      void useTrackTable.getState().reload();
      void useLibrary.getState().refresh();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  const stretch = previewStretch(detail);
  const folder = detail ? folderArtistAlbum(detail.path, roots) : null;
  const hasProbabilities = detail !== null && Object.keys(detail.probabilities).length > 0;
  const inFile = (detail?.genres ?? [])
    .map((g) => aliasTarget(g, settings?.aliases))
    .filter((g): g is string => g !== null);
  // The review queue also holds confident predictions the file's tag contradicts; say so, since
  // the confidence sentence alone would not explain why the track waits for a decision.
  const disagrees =
    detail !== null &&
    detail.status === 'review' &&
    detail.predicted !== null &&
    !detail.unfamiliar &&
    detail.genres.length > 0 &&
    !inFile.includes(detail.predicted) &&
    (detail.confidence ?? 0) >= (settings?.reviewThreshold ?? 1);

  return (
    <aside className={styles.panel} aria-label="Track details">
      <div className={styles.head}>
        <CoverArt trackId={id} size={56} />
        <div className={styles.headText}>
          <h2 className={styles.title}>{detail ? (detail.title ?? fileName(detail.path)) : 'Loading…'}</h2>
          {detail && (
            <div className={styles.sub}>
              {detail.artist ? (
                <button
                  type="button"
                  className={styles.browse}
                  title="Show every track by this artist"
                  onClick={() => useTrackTable.getState().setFilters({ artist: detail.artist ?? '', album: '' })}
                >
                  {detail.artist}
                </button>
              ) : folder?.artist ? (
                <FromFolder name={folder.artist} />
              ) : (
                'Unknown artist'
              )}
              {!detail.album && folder?.album && (
                <>
                  {' — '}
                  <FromFolder name={folder.album} />
                </>
              )}
              {detail.album && (
                <>
                  {' — '}
                  <button
                    type="button"
                    className={styles.browse}
                    title="Show this album"
                    onClick={() => useTrackTable.getState().setFilters({ album: detail.album ?? '', artist: '' })}
                  >
                    {detail.album}
                  </button>
                </>
              )}
            </div>
          )}
        </div>
        <Button
          variant="ghost"
          size="sm"
          icon="close"
          aria-label="Close details"
          title="Close (Esc)"
          onClick={() => select(null)}
        />
      </div>
      {error && <Notice tone="bad">{error}</Notice>}
      {detail && (
        <div className={styles.body}>
          <dl className={styles.facts}>
            <dt>Status</dt>
            <dd>
              <StatusBadge status={detail.status} />
            </dd>
            <dt>In the file</dt>
            <dd>
              {detail.genres.length ? detail.genres.join('; ') : <span className={styles.muted}>no genre tag</span>}
            </dd>
            <dt>Prediction</dt>
            <dd>
              {detail.predicted ? (
                <span className={styles.prediction}>
                  <strong>{nameOf(detail.predicted)}</strong>
                  <span className={styles.muted}>{detail.source === 'personal' ? 'your model' : 'default model'}</span>
                </span>
              ) : (
                <span className={styles.muted}>{detail.status === 'new' ? 'not analysed yet' : 'none'}</span>
              )}
            </dd>
            <dt>Confidence</dt>
            <dd className={styles.conf}>
              <ConfidenceBar value={detail.confidence} unfamiliar={detail.unfamiliar} />
            </dd>
            {detail.decision && (
              <>
                <dt>Decision</dt>
                <dd className={styles.decision}>
                  <span>
                    {decisionText(detail, nameOf)}
                    <span className={styles.muted}> · {formatWhen(detail.decision.decidedAt)}</span>
                  </span>
                  <Button
                    size="sm"
                    variant="ghost"
                    icon="undo"
                    disabled={busy}
                    onClick={() => void onClear()}
                    title="Remove this decision: the track is undecided again"
                  >
                    Clear decision
                  </Button>
                </dd>
              </>
            )}
            <dt>File</dt>
            <dd className={styles.path}>
              <code>{detail.path}</code>
              <span className={styles.muted}>
                {[detail.format, formatDuration(detail.durationSec)].filter(Boolean).join(' · ')}
              </span>
            </dd>
          </dl>

          {(detail.reason || disagrees) && (
            <Notice
              tone={detail.unfamiliar || disagrees ? 'warn' : 'info'}
              className={styles.reason}
              title={disagrees ? 'Disagrees with the file’s tag' : undefined}
            >
              {[
                detail.reason,
                disagrees && detail.predicted
                  ? `The model hears ${nameOf(detail.predicted)}, but the file says ${detail.genres.join('; ')}.`
                  : null,
              ]
                .filter(Boolean)
                .join(' ')}
            </Notice>
          )}

          {/* Every track can be played: the analysed part when there is one, else the whole track. */}
          <PreviewPlayer url={detail.mediaUrl ?? transport().mediaUrl(detail.id)} {...stretch} />

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
                  onChoose={(genre) => void onDecide({ action: 'choose', genre })}
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
              onChoose={(genre) => void onDecide({ action: 'choose', genre })}
              disabled={busy}
            />
            <div className={styles.actions}>
              {detail.predicted && (
                <Button
                  variant="primary"
                  size="sm"
                  icon="check"
                  disabled={busy}
                  onClick={() => void onDecide({ action: 'accept' })}
                >
                  Accept {nameOf(detail.predicted)}
                </Button>
              )}
              <Button
                size="sm"
                disabled={busy || detail.genres.length === 0}
                onClick={() => void onDecide({ action: 'keep' })}
              >
                Keep file’s genre
              </Button>
            </div>
          </div>

          {detail.windows.length > 1 && (
            <div className={styles.section}>
              <h3 className={styles.sectionTitle}>Analysed parts</h3>
              <ul className={styles.windows}>
                {detail.windows.map((w) => (
                  <li key={w.startSec}>
                    <span>
                      {formatDuration(w.startSec)}–{formatDuration(w.startSec + w.durationSec)}
                    </span>
                    <span>{nameOf(w.genre)}</span>
                    <span className={styles.muted}>{Math.round(w.confidence * 100)}%</span>
                  </li>
                ))}
              </ul>
            </div>
          )}

          {/* Neighbours come from the stored analysis: none for a track never analysed or whose analysis failed. */}
          {detail.analysedWindows.length > 0 && <MoreLikeThis id={detail.id} onOpen={select} />}
        </div>
      )}
    </aside>
  );
}
