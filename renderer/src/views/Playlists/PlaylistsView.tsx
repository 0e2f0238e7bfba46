import { useState, type FormEvent, type ReactElement } from 'react';
import type { PlaylistExportResult, PlaylistFormat, PlaylistSource } from '../../../../shared/api/types';
import { exportPlaylists } from '../../api/playlists';
import { transport } from '../../api/transport';
import { Button } from '../../components/Button/Button';
import { Card } from '../../components/Card/Card';
import { Field } from '../../components/Field/Field';
import { FolderBrowser } from '../../components/FolderBrowser/FolderBrowser';
import { Notice } from '../../components/Notice/Notice';
import { PageHeader } from '../../components/PageHeader/PageHeader';
import { messageOf } from '../../lib/errors';
import { fileName, formatCount, plural } from '../../lib/format';
import { displayName } from '../../lib/genre-names';
import { useSettings } from '../../stores/settings';
import { PlaylistPreviewCard } from './PlaylistPreviewCard';
import styles from './PlaylistsView.module.css';

const FORMATS: readonly { value: PlaylistFormat; label: string; hint: string }[] = [
  { value: 'm3u8', label: 'M3U8', hint: 'Works almost everywhere' },
  { value: 'pls', label: 'PLS', hint: 'Older players, Winamp' },
  { value: 'xspf', label: 'XSPF', hint: 'VLC and other XML-aware players' },
];

const SOURCES: readonly { value: PlaylistSource; label: string; hint: string }[] = [
  { value: 'decided', label: 'My decisions', hint: 'Only tracks you reviewed or accepted.' },
  { value: 'predicted', label: 'Predictions', hint: 'Decisions first, then confident predictions.' },
  { value: 'tags', label: 'Current tags', hint: 'The genres already in the files.' },
];

export function PlaylistsView(): ReactElement {
  const settings = useSettings((s) => s.settings);
  const { pickFolder } = transport();
  const [out, setOut] = useState('');
  const [browsing, setBrowsing] = useState(false);
  const [format, setFormat] = useState<PlaylistFormat>('m3u8');
  const [source, setSource] = useState<PlaylistSource>('decided');
  const [minConfidence, setMinConfidence] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<PlaylistExportResult | null>(null);
  const threshold = minConfidence ?? settings?.reviewThreshold ?? 0.6;

  async function onSubmit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (!out.trim()) return;
    setBusy(true);
    setError(null);
    try {
      setResult(
        await exportPlaylists({
          out: out.trim(),
          format,
          source,
          ...(source === 'predicted' ? { minConfidence: threshold } : {}),
        }),
      );
    } catch (err) {
      setError(messageOf(err));
      setResult(null);
    } finally {
      setBusy(false);
    }
  }

  const tracks = result?.playlists.reduce((a, p) => a + p.tracks, 0) ?? 0;

  return (
    <div className={styles.view}>
      <PageHeader
        title="Playlists"
        description="One playlist per genre, in a folder of your choice. Exporting again updates them and leaves any other files alone."
      />
      <div className={styles.column}>
        <Card title="Export">
          <form className={styles.form} onSubmit={(e) => void onSubmit(e)}>
            <div className={styles.field}>
              <label htmlFor="playlist-out" className={styles.legend}>
                Destination folder
              </label>
              <div className={styles.folderRow}>
                <input
                  id="playlist-out"
                  type="text"
                  className={styles.folder}
                  value={out}
                  onChange={(e) => setOut(e.target.value)}
                  placeholder="/home/you/Music/Playlists"
                  spellCheck={false}
                  aria-describedby="playlist-out-hint"
                />
                {pickFolder ? (
                  <Button
                    icon="folder"
                    onClick={() =>
                      void pickFolder().then((p) => {
                        if (p) setOut(p);
                      })
                    }
                  >
                    Choose…
                  </Button>
                ) : (
                  <Button icon="folder" onClick={() => setBrowsing((b) => !b)} aria-expanded={browsing}>
                    Browse…
                  </Button>
                )}
              </div>
              {browsing && (
                <FolderBrowser
                  chooseLabel="Use this folder"
                  onCancel={() => setBrowsing(false)}
                  onChoose={(folder) => {
                    setBrowsing(false);
                    setOut(folder);
                  }}
                />
              )}
              <p id="playlist-out-hint" className={styles.hint}>
                Created if it does not exist. A name without a full path goes in your library folder. Paths inside the
                playlists are relative to it where possible.
              </p>
            </div>
            <fieldset className={styles.group}>
              <legend className={styles.legend}>Format</legend>
              <div className={styles.options}>
                {FORMATS.map((f) => (
                  <label key={f.value} className={`${styles.option} ${format === f.value ? styles.on : ''}`}>
                    <input
                      type="radio"
                      name="format"
                      value={f.value}
                      checked={format === f.value}
                      onChange={() => setFormat(f.value)}
                    />
                    <span>
                      <span className={styles.optionTitle}>{f.label}</span>
                      <span className={styles.optionHint}>{f.hint}</span>
                    </span>
                  </label>
                ))}
              </div>
            </fieldset>
            <fieldset className={styles.group}>
              <legend className={styles.legend}>Which genre each track goes under</legend>
              <div className={styles.options}>
                {SOURCES.map((s) => (
                  <label key={s.value} className={`${styles.option} ${source === s.value ? styles.on : ''}`}>
                    <input
                      type="radio"
                      name="source"
                      value={s.value}
                      checked={source === s.value}
                      onChange={() => setSource(s.value)}
                    />
                    <span>
                      <span className={styles.optionTitle}>{s.label}</span>
                      <span className={styles.optionHint}>{s.hint}</span>
                    </span>
                  </label>
                ))}
              </div>
            </fieldset>
            {source === 'predicted' && (
              <Field
                label={`Minimum confidence: ${Math.round(threshold * 100)}%`}
                hint="Predictions below this stay out of the playlists."
              >
                <input
                  type="range"
                  min={0}
                  max={100}
                  step={5}
                  value={Math.round(threshold * 100)}
                  onChange={(e) => setMinConfidence(Number(e.target.value) / 100)}
                  className={styles.range}
                />
              </Field>
            )}
            <div>
              <Button type="submit" variant="primary" icon="playlists" disabled={busy || !out.trim()}>
                {busy ? 'Exporting…' : 'Export playlists'}
              </Button>
            </div>
          </form>
        </Card>

        <PlaylistPreviewCard source={source} minConfidence={source === 'predicted' ? threshold : undefined} />

        {error && (
          <Notice tone="bad" title="The playlists could not be written">
            {error}
          </Notice>
        )}

        {result && (
          <Card
            title={
              result.playlists.length
                ? `${plural(result.playlists.length, 'playlist')} written`
                : 'No playlists written'
            }
            subtitle={
              <>
                {formatCount(tracks)} tracks in <code>{result.out}</code>
              </>
            }
            flush
          >
            {result.playlists.length === 0 ? (
              <p className={styles.nothing}>
                No track has a genre from this source yet. Decide tracks in Review, or choose “Predictions”. Earlier
                playlists were kept.
              </p>
            ) : (
              <table className={styles.table}>
                <thead>
                  <tr>
                    <th scope="col">Genre</th>
                    <th scope="col">File</th>
                    <th scope="col" className={styles.num}>
                      Tracks
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {result.playlists.map((p) => (
                    <tr key={p.file}>
                      <td>{displayName(p.genre, settings?.displayNames)}</td>
                      <td>
                        <code title={p.file}>{fileName(p.file)}</code>
                      </td>
                      <td className={styles.num}>{formatCount(p.tracks)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {(result.removed.length > 0 || result.skipped.length > 0) && (
              <div className={styles.extra}>
                {result.removed.length > 0 && (
                  <p>
                    Removed {plural(result.removed.length, 'old playlist')} of genres that are now empty:{' '}
                    {result.removed.map(fileName).join(', ')}
                  </p>
                )}
                {result.skipped.length > 0 && (
                  <p>
                    Left alone ({plural(result.skipped.length, 'file')} not written by Genrewise):{' '}
                    {result.skipped.map(fileName).join(', ')}
                  </p>
                )}
              </div>
            )}
          </Card>
        )}
      </div>
    </div>
  );
}
