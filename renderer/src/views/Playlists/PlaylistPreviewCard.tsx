import type { ReactElement } from 'react';
import type { PlaylistSource } from '../../../../shared/api/types';
import { previewPlaylists } from '../../api/playlists';
import { Card } from '../../components/Card/Card';
import { Notice } from '../../components/Notice/Notice';
import { fileName, formatCount, plural } from '../../lib/format';
import { useLoad } from '../../lib/use-load';
import styles from './PlaylistsView.module.css';

/** Re-asked this long after the last change of source or threshold. */
const PREVIEW_DEBOUNCE_MS = 250;

/**
 * What an export would write with the chosen source, before writing: each playlist with its
 * track count, opened to show its tracks in playlist order.
 */
export function PlaylistPreviewCard({
  source,
  minConfidence,
}: {
  readonly source: PlaylistSource;
  readonly minConfidence: number | undefined;
}): ReactElement {
  // The last preview stays on screen while the next is worked out.
  const { data: preview, error } = useLoad(() => previewPlaylists(source, minConfidence), [source, minConfidence], {
    delayMs: PREVIEW_DEBOUNCE_MS,
    keep: true,
  });

  // A track with two genres is in two playlists; the total counts it once and says so.
  const entries = preview?.playlists.reduce((n, p) => n + p.tracks, 0) ?? 0;
  const shared =
    preview && entries > preview.tracks ? ` (${formatCount(entries - preview.tracks)} in two or more)` : '';
  return (
    <Card
      title="Before you export"
      subtitle={
        preview
          ? `${plural(preview.playlists.length, 'playlist')}, ${plural(preview.tracks, 'track')}${shared}. Open one to see its tracks.`
          : 'Working out the playlists…'
      }
      flush
    >
      {error && <Notice tone="bad">{error}</Notice>}
      {preview && preview.playlists.length === 0 && (
        <p className={styles.nothing}>No track has a genre from this source yet.</p>
      )}
      {preview && preview.playlists.length > 0 && (
        <ul className={styles.preview} aria-label="Playlists to export">
          {preview.playlists.map((p) => (
            <li key={p.genre}>
              <details>
                <summary>
                  <span className={styles.previewName}>{p.name}</span>
                  <span className={styles.previewCount}>{plural(p.tracks, 'track')}</span>
                </summary>
                <ol className={styles.previewTracks}>
                  {p.sample.map((t) => (
                    <li key={t.path}>
                      <span>{t.title ?? fileName(t.path)}</span>
                      {t.artist && <span className={styles.previewArtist}> — {t.artist}</span>}
                    </li>
                  ))}
                  {p.tracks > p.sample.length && (
                    <li className={styles.previewArtist}>and {formatCount(p.tracks - p.sample.length)} more</li>
                  )}
                </ol>
              </details>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
