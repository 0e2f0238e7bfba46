import { useEffect, useState, type ReactElement } from 'react';
import type { AlbumContext, AlbumTrack } from '../../../../shared/api/albums';
import { albumOfTrack, decideAlbum } from '../../api/albums';
import { Button } from '../../components/Button/Button';
import { Notice } from '../../components/Notice/Notice';
import { fileName } from '../../lib/format';
import { displayName } from '../../lib/genre-names';
import { useAction } from '../../lib/use-action';
import { useLoad } from '../../lib/use-load';
import { useSettings } from '../../stores/settings';
import styles from './AlbumPanel.module.css';

export interface AlbumPanelProps {
  /** The track under review: its album is shown. */
  readonly trackId: number;
  /** The genre offered for the whole album (the track's current guess). */
  readonly genre: string;
  /** Called after the album was decided (the queue and the library re-read). */
  readonly onDecided?: () => void;
}

function guess(t: AlbumTrack, nameOf: (g: string) => string): string {
  if (t.decision?.genre) return `decided ${nameOf(t.decision.genre)}`;
  if (t.predicted === null) return 'no guess yet';
  return `${nameOf(t.predicted)} ${Math.round((t.confidence ?? 0) * 100)} %`;
}

function decidedByUser(album: AlbumContext | null): ReadonlySet<number> {
  return new Set(album?.tracks.filter((t) => t.decision?.source === 'user').map((t) => t.id));
}

/**
 * The album of the track under review: every track on it with its current guess and why, and
 * "apply to the whole album". Each track can be left out (the per-track override); tracks the
 * user already decided one by one are left out unless ticked.
 */
export function AlbumPanel({ trackId, genre, onDecided }: AlbumPanelProps): ReactElement {
  const names = useSettings((s) => s.settings?.displayNames);
  const nameOf = (g: string): string => displayName(g, names);
  const loaded = useLoad(() => albumOfTrack(trackId), [trackId]);
  const album = loaded.data;
  // The tracks left out of the album shown, by default those the user decided one by one.
  const [picked, setPicked] = useState<{ of: AlbumContext; excluded: ReadonlySet<number> } | null>(null);
  const excluded = picked && picked.of === album ? picked.excluded : decidedByUser(album);
  const [typed, setTyped] = useState(nameOf(genre));
  const [done, setDone] = useState<string | null>(null);
  const { busy, error: failed, run, clearError } = useAction();
  const error = failed ?? loaded.error;

  useEffect(() => {
    clearError();
    setDone(null);
  }, [trackId, clearError]);

  useEffect(() => setTyped(displayName(genre, names)), [genre, names]);

  const toggle = (id: number): void => {
    if (!album) return;
    const next = new Set(excluded);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setPicked({ of: album, excluded: next });
  };

  async function apply(): Promise<void> {
    if (!album || !typed.trim()) return;
    await run(async () => {
      const included = album.tracks.filter((t) => !excluded.has(t.id));
      const r = await decideAlbum({
        album: album.key,
        genre: typed.trim(),
        except: [...excluded],
        overrideDecided: included.some((t) => t.decision?.source === 'user'),
      });
      if (loaded.isCurrent()) {
        loaded.set(r.album);
        setDone(`${r.decided} track${r.decided === 1 ? '' : 's'} of this album → ${typed.trim()}`);
      }
      onDecided?.();
    });
  }

  const count = album ? album.tracks.length - excluded.size : 0;
  return (
    <section className={styles.panel} aria-label="This album">
      <h3 className={styles.heading}>
        This album
        {album && (
          <span className={styles.muted}>
            {album.album ?? fileName(album.folder)}
            {album.artist ? ` · ${album.artist}` : ''} · {album.tracks.length} track
            {album.tracks.length === 1 ? '' : 's'}
          </span>
        )}
      </h3>
      {error && <Notice tone="bad">{error}</Notice>}
      {!album && !error && <p className={styles.muted}>Loading the album…</p>}
      {album && (
        <>
          <ul className={styles.list}>
            {album.tracks.map((t) => (
              <li key={t.id} className={styles.row} data-track-id={t.id}>
                <input
                  type="checkbox"
                  checked={!excluded.has(t.id)}
                  onChange={() => toggle(t.id)}
                  aria-label={`Include ${t.title ?? fileName(t.path)}`}
                />
                <span className={`${styles.title} ${t.id === trackId ? styles.current : ''}`}>
                  {t.trackNo !== null ? `${t.trackNo}. ` : ''}
                  {t.title ?? fileName(t.path)}
                </span>
                <span className={styles.guess}>{guess(t, nameOf)}</span>
                {t.reason && !t.decision && <span className={styles.reason}>{t.reason}</span>}
              </li>
            ))}
          </ul>
          <form
            className={styles.apply}
            onSubmit={(e) => {
              e.preventDefault();
              void apply();
            }}
          >
            <input
              className={styles.input}
              aria-label="Genre for the album"
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
            />
            <Button type="submit" size="sm" disabled={busy || count === 0 || !typed.trim()}>
              Apply to {count === album.tracks.length ? 'the whole album' : `${count} of ${album.tracks.length} tracks`}
            </Button>
          </form>
          {done && (
            <p className={styles.muted} role="status">
              {done}
            </p>
          )}
        </>
      )}
    </section>
  );
}
