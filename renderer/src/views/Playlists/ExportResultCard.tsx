import type { ReactElement } from 'react';
import type { PlaylistExportResult } from '../../../../shared/api/types';
import { Card } from '../../components/Card/Card';
import { fileName, formatCount, plural } from '../../lib/format';
import { displayName } from '../../lib/genre-names';
import { useSettings } from '../../stores/settings';
import styles from './PlaylistsView.module.css';

/** What an export wrote: each playlist with its track count, and what it removed or left alone. */
export function ExportResultCard({ result }: { readonly result: PlaylistExportResult }): ReactElement {
  const tracks = result.playlists.reduce((a, p) => a + p.tracks, 0);
  return (
    <Card
      title={
        result.playlists.length ? `${plural(result.playlists.length, 'playlist')} written` : 'No playlists written'
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
          No track has a genre from this source yet. Decide tracks in Review, or choose “Predictions”. Earlier playlists
          were kept.
        </p>
      ) : (
        <PlaylistTable playlists={result.playlists} />
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
  );
}

function PlaylistTable({ playlists }: { readonly playlists: PlaylistExportResult['playlists'] }): ReactElement {
  const settings = useSettings((s) => s.settings);
  return (
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
        {playlists.map((p) => (
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
  );
}
