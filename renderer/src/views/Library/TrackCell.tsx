import type { ReactElement } from 'react';
import type { TrackRow, TrackSortKey } from '../../../../shared/api/types';
import { ConfidenceBar } from '../../components/ConfidenceBar/ConfidenceBar';
import { StatusBadge } from '../../components/StatusBadge/StatusBadge';
import { fileName } from '../../lib/format';
import { displayName } from '../../lib/genre-names';
import { genreToWrite, SOURCE_HELP, SOURCE_LABEL } from '../../lib/genre-to-write';
import styles from './TrackTable.module.css';

function GenreToWrite({ track, names }: { readonly track: TrackRow; readonly names: Names }): ReactElement {
  const toWrite = genreToWrite(track);
  if (toWrite.skipped) return <span className={styles.muted}>skipped</span>;
  if (!toWrite.genre) return <span className={styles.muted}>—</span>;
  const decided = toWrite.source === 'you' || toWrite.source === 'bulk';
  return (
    <>
      <span className={styles.genreText}>{displayName(toWrite.genre, names)}</span>
      {toWrite.source && (
        <span className={`${styles.source} ${decided ? styles.sourceDecided : ''}`} title={SOURCE_HELP[toWrite.source]}>
          {SOURCE_LABEL[toWrite.source]}
        </span>
      )}
    </>
  );
}

type Names = Readonly<Record<string, string>> | undefined;

/** One cell of the library table, by column. */
export function TrackCell({
  column,
  track,
  names,
}: {
  readonly column: TrackSortKey;
  readonly track: TrackRow;
  readonly names: Names;
}): ReactElement | null {
  switch (column) {
    case 'title':
      return (
        <div className={`${styles.cell} ${styles.title}`} role="gridcell" title={track.path}>
          {track.title ?? fileName(track.path)}
        </div>
      );
    case 'artist':
      return (
        <div className={styles.cell} role="gridcell">
          {track.artist ?? <span className={styles.muted}>Unknown artist</span>}
        </div>
      );
    case 'album':
      return (
        <div className={styles.cell} role="gridcell">
          {track.album ?? <span className={styles.muted}>—</span>}
        </div>
      );
    case 'genre':
      return (
        <div className={styles.cell} role="gridcell" title={track.genres.join('; ')}>
          {track.genres.length ? track.genres.join('; ') : <span className={styles.muted}>untagged</span>}
        </div>
      );
    case 'predicted':
      return (
        <div className={styles.flexCell} role="gridcell">
          <GenreToWrite track={track} names={names} />
        </div>
      );
    case 'confidence':
      return (
        <div className={styles.flexCell} role="gridcell">
          <ConfidenceBar value={track.confidence} unfamiliar={track.unfamiliar} />
        </div>
      );
    case 'status':
      return (
        <div className={styles.flexCell} role="gridcell">
          <StatusBadge status={track.status} />
        </div>
      );
    default:
      return null;
  }
}
