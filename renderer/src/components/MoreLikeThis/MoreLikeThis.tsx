import { useEffect, useRef, useState, type ReactElement } from 'react';
import type { SimilarTrack } from '../../../../shared/api/similarity';
import type { PlaylistFormat } from '../../../../shared/api/types';
import { getTrack } from '../../api/library';
import { exportSimilarPath, similarTracks } from '../../api/similarity';
import { fileName } from '../../lib/format';
import { displayName } from '../../lib/genre-names';
import { useAction } from '../../lib/use-action';
import { useLoad } from '../../lib/use-load';
import { useSettings } from '../../stores/settings';
import { Button } from '../Button/Button';
import { Notice } from '../Notice/Notice';
import styles from './MoreLikeThis.module.css';

export interface MoreLikeThisProps {
  /** The track to find neighbours of. */
  readonly id: number;
  /** How many neighbours to list (default 10). */
  readonly count?: number;
  /** Opens a neighbour (e.g. selects it in the library); without it the titles are plain text. */
  readonly onOpen?: (id: number) => void;
}

const PATH_LENGTH = 50;

function label(t: SimilarTrack): string {
  return t.title ?? fileName(t.path);
}

/**
 * "More like this": the tracks that sound most like one track, each playable in place, and the
 * smooth path from it (each step to the nearest track not yet on it) exported as a playlist.
 * Self-contained: give it a track id anywhere a track is shown.
 */
export function MoreLikeThis({ id, count = 10, onOpen }: MoreLikeThisProps): ReactElement {
  const similar = useLoad(() => similarTracks(id, count), [id, count]);
  const result = similar.data;
  const [playing, setPlaying] = useState<{ id: number; url: string } | null>(null);
  const [out, setOut] = useState('');
  const [format, setFormat] = useState<PlaylistFormat>('m3u8');
  const [exported, setExported] = useState<string | null>(null);
  const { busy, error: failed, run, fail, clearError } = useAction();
  const error = failed ?? similar.error;
  const audio = useRef<HTMLAudioElement>(null);
  const names = useSettings((s) => s.settings?.displayNames);

  useEffect(() => {
    clearError();
    setPlaying(null);
    setExported(null);
  }, [id, count, clearError]);

  async function togglePlay(track: SimilarTrack): Promise<void> {
    if (playing?.id === track.id) {
      audio.current?.pause();
      setPlaying(null);
      return;
    }
    try {
      const detail = await getTrack(track.id);
      if (!detail.mediaUrl) throw new Error(`${label(track)} cannot be played here`);
      if (similar.isCurrent()) setPlaying({ id: track.id, url: detail.mediaUrl });
    } catch (err) {
      fail(err);
    }
  }

  async function onExport(): Promise<void> {
    if (!out.trim()) return;
    setExported(null);
    await run(async () => {
      const r = await exportSimilarPath({ id, n: PATH_LENGTH, out: out.trim(), format });
      const written = r.playlists[0];
      if (!similar.isCurrent()) return;
      setExported(
        written
          ? `Wrote ${written.file} (${written.tracks} tracks)`
          : `Not written: ${r.skipped.join(', ') || 'nothing to write'}`,
      );
    });
  }

  return (
    <section className={styles.panel} aria-label="More like this">
      <h3 className={styles.heading}>
        More like this
        {result && (
          <span className={styles.metric}>{result.metric.kind === 'learned' ? 'by your genres' : 'by sound'}</span>
        )}
      </h3>
      {error && <Notice tone="bad">{error}</Notice>}
      {!result && !error && <p className={styles.muted}>Finding similar tracks…</p>}
      {result && result.tracks.length === 0 && <p className={styles.muted}>No other analysed track yet.</p>}
      {result && result.tracks.length > 0 && (
        <ol className={styles.list}>
          {result.tracks.map((t) => (
            <li key={t.id} className={styles.row} data-track-id={t.id}>
              <Button
                size="sm"
                variant="ghost"
                icon={playing?.id === t.id ? 'pause' : 'play'}
                aria-label={`${playing?.id === t.id ? 'Pause' : 'Play'} ${label(t)}`}
                onClick={() => void togglePlay(t)}
              />
              <span className={styles.text}>
                {onOpen ? (
                  <button type="button" className={styles.open} onClick={() => onOpen(t.id)}>
                    {label(t)}
                  </button>
                ) : (
                  <span className={styles.title}>{label(t)}</span>
                )}
                <span className={styles.muted}>
                  {[t.artist, t.genre && displayName(t.genre, names)].filter(Boolean).join(' · ')}
                </span>
              </span>
              <span className={styles.distance} title="Distance: smaller is more alike">
                {t.distance.toFixed(2)}
              </span>
            </li>
          ))}
        </ol>
      )}
      {playing && (
        <audio
          ref={audio}
          src={playing.url}
          autoPlay
          onEnded={() => setPlaying(null)}
          onError={() => fail('This file cannot be played here')}
        />
      )}
      {result && result.tracks.length > 0 && (
        <form
          className={styles.export}
          onSubmit={(e) => {
            e.preventDefault();
            void onExport();
          }}
        >
          <label className={styles.exportLabel} htmlFor={`similar-out-${id}`}>
            Export a {PATH_LENGTH}-track path from this track
          </label>
          <div className={styles.exportRow}>
            <input
              id={`similar-out-${id}`}
              className={styles.input}
              value={out}
              placeholder="Playlist folder, e.g. ~/Music/Playlists"
              onChange={(e) => setOut(e.target.value)}
            />
            <select
              aria-label="Playlist format"
              value={format}
              onChange={(e) => setFormat(e.target.value as PlaylistFormat)}
            >
              <option value="m3u8">M3U8</option>
              <option value="pls">PLS</option>
              <option value="xspf">XSPF</option>
            </select>
            <Button type="submit" size="sm" disabled={busy || !out.trim()}>
              Export path
            </Button>
          </div>
          {exported && <p className={styles.muted}>{exported}</p>}
        </form>
      )}
    </section>
  );
}
