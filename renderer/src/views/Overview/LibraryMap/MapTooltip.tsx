import { useEffect, useState, type ReactElement } from 'react';
import { MAP_FLAG_REVIEW, type LibraryMap as MapData } from '../../../../../shared/api/similarity';
import type { TrackDetail } from '../../../../../shared/api/types';
import { getTrack } from '../../../api/library';
import { fileName } from '../../../lib/format';
import styles from './LibraryMap.module.css';

/** The point under the pointer and where the pointer is (canvas pixels). */
export interface Hover {
  readonly index: number;
  readonly sx: number;
  readonly sy: number;
}

/** The hovered track's title and artist, fetched once the pointer rests 60 ms on it. */
function useTrackDetail(id: number | null): TrackDetail | null {
  const [detail, setDetail] = useState<TrackDetail | null>(null);
  useEffect(() => {
    setDetail(null);
    if (id === null) return;
    let live = true;
    const timer = setTimeout(() => {
      getTrack(id)
        .then((d) => live && setDetail(d))
        .catch(() => undefined);
    }, 60);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [id]);
  return detail;
}

export function MapTooltip({
  data,
  hover,
  nameOf,
}: {
  readonly data: MapData;
  readonly hover: Hover;
  readonly nameOf: (genre: string) => string;
}): ReactElement {
  const id = data.ids[hover.index] as number;
  const detail = useTrackDetail(id);
  const genre = data.genre[hover.index] ?? -1;
  return (
    <div
      className={styles.tooltip}
      style={{ left: hover.sx + 12, top: hover.sy + 12 }}
      role="tooltip"
      data-track-id={id}
    >
      <strong>{detail ? (detail.title ?? fileName(detail.path)) : `Track ${id}`}</strong>
      {detail?.artist && <span>{detail.artist}</span>}
      <span className={styles.muted}>
        {genre >= 0 ? nameOf(data.genres[genre] as string) : 'no genre yet'}
        {((data.flags[hover.index] as number) & MAP_FLAG_REVIEW) !== 0 && ' · needs review'}
      </span>
    </div>
  );
}
