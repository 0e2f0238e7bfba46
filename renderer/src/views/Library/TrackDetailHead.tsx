import type { ReactElement } from 'react';
import type { TrackDetail } from '../../../../shared/api/types';
import { Button } from '../../components/Button/Button';
import { CoverArt } from '../../components/CoverArt/CoverArt';
import { folderArtistAlbum } from '../../lib/folder-tags';
import { fileName } from '../../lib/format';
import { useTrackTable } from '../../stores/track-table';
import { FromFolder, useLibraryFolders } from './TrackCell';
import styles from './TrackDetailPanel.module.css';

/** The panel's head: cover, title, and the artist and album, each a link to its tracks in the table. */
export function TrackDetailHead({
  id,
  detail,
}: {
  readonly id: number;
  readonly detail: TrackDetail | null;
}): ReactElement {
  const select = useTrackTable((s) => s.select);
  return (
    <div className={styles.head}>
      <CoverArt trackId={id} size={56} />
      <div className={styles.headText}>
        <h2 className={styles.title}>{detail ? (detail.title ?? fileName(detail.path)) : 'Loading…'}</h2>
        {detail && <ArtistAlbum detail={detail} />}
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
  );
}

/** "Artist — Album": from the tags, else from the folders (marked so), else "Unknown artist". */
function ArtistAlbum({ detail }: { readonly detail: TrackDetail }): ReactElement {
  const roots = useLibraryFolders();
  const folder = folderArtistAlbum(detail.path, roots);
  const browse = (filters: { artist: string; album: string }): void => useTrackTable.getState().setFilters(filters);
  return (
    <div className={styles.sub}>
      {detail.artist ? (
        <BrowseLink
          title="Show every track by this artist"
          onClick={() => browse({ artist: detail.artist ?? '', album: '' })}
        >
          {detail.artist}
        </BrowseLink>
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
          <BrowseLink title="Show this album" onClick={() => browse({ album: detail.album ?? '', artist: '' })}>
            {detail.album}
          </BrowseLink>
        </>
      )}
    </div>
  );
}

function BrowseLink(props: {
  readonly title: string;
  readonly onClick: () => void;
  readonly children: string;
}): ReactElement {
  return (
    <button type="button" className={styles.browse} title={props.title} onClick={props.onClick}>
      {props.children}
    </button>
  );
}
