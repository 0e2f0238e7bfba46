import type { ReactElement } from 'react';
import { MAP_FLAG_REVIEW, type LibraryMap as MapData } from '../../../../../shared/api/similarity';
import { getTrack } from '../../../api/library';
import { fileName } from '../../../lib/format';
import { useLoad } from '../../../lib/use-load';
import styles from './LibraryMap.module.css';

/** The point under the pointer and where the pointer is (canvas pixels). */
export interface Hover {
  readonly index: number;
  readonly sx: number;
  readonly sy: number;
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
  // The title and artist, asked for once the pointer rests 60 ms on the point; none if that fails.
  const { data: detail } = useLoad(() => getTrack(id), [id], { delayMs: 60 });
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
