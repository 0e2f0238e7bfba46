import { useMemo, type ReactElement } from 'react';
import type { TrackRow, TrackSortKey } from '../../../../shared/api/types';
import { ConfidenceBar } from '../../components/ConfidenceBar/ConfidenceBar';
import { CoverArt } from '../../components/CoverArt/CoverArt';
import { StatusBadge } from '../../components/StatusBadge/StatusBadge';
import { fileName } from '../../lib/format';
import { folderArtistAlbum } from '../../lib/folder-tags';
import { displayName } from '../../lib/genre-names';
import { genreToWrite, SOURCE_HELP, SOURCE_LABEL } from '../../lib/genre-to-write';
import { RestGate } from '../../lib/rest-gate';
import { useLibrary } from '../../stores/library';
import styles from './TrackTable.module.css';

function GenreToWrite({ track, names }: { readonly track: TrackRow; readonly names: Names }): ReactElement {
  const toWrite = genreToWrite(track);
  if (toWrite.skipped) return <span className={styles.muted}>skipped</span>;
  if (!toWrite.genre) return <span className={styles.muted}>—</span>;
  const decided = toWrite.source === 'you' || toWrite.source === 'bulk';
  const help = toWrite.source ? SOURCE_HELP[toWrite.source] : undefined;
  // A decision is shown plain with who made it; a prediction (not decided yet) is muted.
  return (
    <>
      <span className={`${styles.genreText} ${decided ? '' : styles.predictedGenre}`} title={help}>
        {displayName(toWrite.genre, names)}
      </span>
      {decided && toWrite.source && (
        <span className={`${styles.source} ${styles.sourceDecided}`} title={help}>
          {SOURCE_LABEL[toWrite.source]}
        </span>
      )}
    </>
  );
}

type Names = Readonly<Record<string, string>> | undefined;

const NO_FOLDERS: readonly string[] = [];

/** The library folders' paths (stable between renders while the folders do not change). */
/** An artist or album name taken from the folder of an untagged file, in the table and the details panel. */
export function FromFolder({ name }: { readonly name: string }): ReactElement {
  return (
    <span className={styles.fromFolder} title="Not tagged: from the folder name">
      {name}
    </span>
  );
}

export function useLibraryFolders(): readonly string[] {
  const roots = useLibrary((s) => s.roots);
  return useMemo(() => (roots.length ? roots.map((r) => r.path) : NO_FOLDERS), [roots]);
}

/**
 * A row's cover is asked for once the row has been shown 250 ms and the table has not scrolled for
 * as long: rows a scroll moves past send no request (each costs the page a request and an answer
 * to handle, about 2 ms, which a wheel-scroll at 24 notches a second paid for nearly every row).
 * Four are asked for a task, so a screenful of requests does not delay a scroll starting then.
 */
const coverGate = new RestGate(250, 4);

/** The table's rows moved (scrolled): their covers wait until it rests. */
export function noteRowsMoved(): void {
  coverGate.moved();
}

/** One cell of the library table, by column; `roots` are the library folders (useLibraryFolders). */
export function TrackCell({
  column,
  track,
  names,
  roots,
}: {
  readonly column: TrackSortKey;
  readonly track: TrackRow;
  readonly names: Names;
  readonly roots: readonly string[];
}): ReactElement | null {
  switch (column) {
    case 'title':
      return (
        <div className={`${styles.flexCell} ${styles.title}`} role="gridcell" title={track.path}>
          <CoverArt trackId={track.id} size={26} gate={coverGate} />
          <span className={styles.titleText}>{track.title ?? fileName(track.path)}</span>
        </div>
      );
    case 'artist':
    case 'album': {
      const tagged = column === 'artist' ? track.artist : track.album;
      const fromFolder = tagged === null ? folderArtistAlbum(track.path, roots)[column] : null;
      return (
        <div className={styles.cell} role="gridcell">
          {tagged ??
            (fromFolder ? (
              <FromFolder name={fromFolder} />
            ) : (
              <span className={styles.muted}>{column === 'artist' ? 'Unknown artist' : '—'}</span>
            ))}
        </div>
      );
    }
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
