import { useCallback, useEffect, useRef, useState, type PointerEvent, type ReactElement } from 'react';
import { MAP_FLAG_REVIEW, type LibraryMap as MapData } from '../../../../../shared/api/similarity';
import { libraryMap } from '../../../api/similarity';
import { Notice } from '../../../components/Notice/Notice';
import { messageOf } from '../../../lib/errors';
import { formatCount } from '../../../lib/format';
import { useLibrary } from '../../../stores/library';
import { useNavigation } from '../../../stores/navigation';
import { useTrackTable } from '../../../stores/track-table';
import { byGenre, drawMap } from './draw-map';
import {
  boundsOf,
  buildGrid,
  nearestPoint,
  panBy,
  pointsInBox,
  toData,
  zoomAt,
  type MapView,
  type PointGrid,
} from './map-view';
import { MapLegend } from './MapLegend';
import { MapSelection } from './MapSelection';
import { MapTooltip, type Hover } from './MapTooltip';
import { packColour } from './raster';
import styles from './LibraryMap.module.css';

export interface LibraryMapProps {
  /** A genre id or spelling as people read it ("hiphop" → "Hip-Hop"). */
  readonly nameOf: (genre: string) => string;
}

type Drag =
  | { readonly kind: 'pan'; readonly x: number; readonly y: number; readonly moved: number }
  | { readonly kind: 'box'; readonly x0: number; readonly y0: number; readonly x: number; readonly y: number };

/** What the drawing needs that changes without a React render (pan, zoom, selection). */
interface Scene {
  view: MapView | null;
  image: ImageData | null;
  grid: PointGrid | null;
  groups: Map<number, number[]>;
  review: readonly number[];
  selected: ReadonlySet<number>;
  ringColour: number;
  arrived: number;
}

function newScene(): Scene {
  return {
    view: null,
    image: null,
    grid: null,
    groups: new Map(),
    review: [],
    selected: new Set(),
    ringColour: packColour('#161b26'),
    arrived: 0,
  };
}

/** The point under screen (sx, sy), within 6 pixels, or −1. */
function pointAt(scene: Scene, data: MapData, sx: number, sy: number): number {
  if (!scene.view) return -1;
  if (!scene.grid) {
    const b = boundsOf(data.x, data.y);
    scene.grid = buildGrid(data.x, data.y, Math.max(b.maxX - b.minX, b.maxY - b.minY, 1e-9) / 200);
  }
  const [dx, dy] = toData(scene.view, sx, sy);
  return nearestPoint(scene.grid, data.x, data.y, dx, dy, Math.min(6 / scene.view.scale, scene.grid.cell));
}

function local(e: PointerEvent<HTMLCanvasElement>): [number, number] {
  const r = e.currentTarget.getBoundingClientRect();
  return [e.clientX - r.left, e.clientY - r.top];
}

function showBox(el: HTMLDivElement | null, d: Extract<Drag, { kind: 'box' }>): void {
  if (!el) return;
  Object.assign(el.style, {
    display: 'block',
    left: `${Math.min(d.x0, d.x)}px`,
    top: `${Math.min(d.y0, d.y)}px`,
    width: `${Math.abs(d.x - d.x0)}px`,
    height: `${Math.abs(d.y - d.y0)}px`,
  });
}

/** Loads the map's data; `reload` fetches it again (after a bulk decision). */
function useMapData(scene: Scene): { data: MapData | null; error: string | null; reload: () => void } {
  const [data, setData] = useState<MapData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => {
    libraryMap()
      .then((d) => {
        Object.assign(scene, newScene(), {
          arrived: performance.now(),
          groups: byGenre(d),
          review: d.flags.flatMap((f, i) => (f & MAP_FLAG_REVIEW ? [i] : [])),
          selected: scene.selected,
        });
        setData(d);
      })
      .catch((err: unknown) => setError(messageOf(err)));
  }, [scene]);
  useEffect(reload, [reload]);
  return { data, error, reload };
}

/**
 * Every analysed track as a point on a 2-D map of the similarity space (PCA, computed by the
 * backend off its main thread), coloured by decided or predicted genre, tracks that need review
 * ringed. Drawn on one canvas (draw-map.ts). Drag pans, the wheel zooms, hovering shows the
 * track, a click opens it in the library, shift-drag selects a box of tracks for one decision.
 */
export function LibraryMap({ nameOf }: LibraryMapProps): ReactElement {
  const canvas = useRef<HTMLCanvasElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const scene = useRef<Scene>(newScene()).current;
  const { data, error, reload } = useMapData(scene);
  const [hover, setHover] = useState<Hover | null>(null);
  const [selected, setSelected] = useState<readonly number[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const drag = useRef<Drag | null>(null);
  const frame = useRef(0);
  const go = useNavigation((s) => s.go);

  const draw = useCallback(() => {
    frame.current = 0;
    const started = performance.now();
    const el = canvas.current;
    if (!el || !data) return;
    const drawn = drawMap(el, { ...scene, data }, scene.view, scene.image);
    if (!drawn) return;
    scene.view = drawn.view;
    scene.image = drawn.image;
    el.dataset.drawMs = (performance.now() - started).toFixed(1);
    if (el.dataset.firstDrawMs === undefined) {
      el.dataset.firstDrawMs = (performance.now() - scene.arrived).toFixed(1);
      el.dataset.points = String(data.ids.length);
    }
  }, [data, scene]);

  const redraw = useCallback(() => {
    if (!frame.current) frame.current = requestAnimationFrame(draw);
  }, [draw]);

  useEffect(() => {
    const el = canvas.current;
    if (!el || !data) return;
    const text = getComputedStyle(el).getPropertyValue('--text').trim();
    if (/^#[0-9a-f]{6}$/i.test(text)) scene.ringColour = packColour(text);
    draw();
    const observer = new ResizeObserver(() => {
      scene.view = null;
      redraw();
    });
    observer.observe(el);
    const onWheel = (e: WheelEvent): void => {
      e.preventDefault();
      if (!scene.view) return;
      const r = el.getBoundingClientRect();
      scene.view = zoomAt(scene.view, Math.exp(-e.deltaY * 0.0015), e.clientX - r.left, e.clientY - r.top);
      setHover(null);
      redraw();
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => {
      observer.disconnect();
      el.removeEventListener('wheel', onWheel);
      cancelAnimationFrame(frame.current);
      frame.current = 0;
    };
  }, [data, draw, redraw, scene]);

  useEffect(() => {
    scene.selected = new Set(selected);
    redraw();
  }, [selected, redraw, scene]);

  function onPointerDown(e: PointerEvent<HTMLCanvasElement>): void {
    const [sx, sy] = local(e);
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = e.shiftKey ? { kind: 'box', x0: sx, y0: sy, x: sx, y: sy } : { kind: 'pan', x: sx, y: sy, moved: 0 };
  }

  function onPointerMove(e: PointerEvent<HTMLCanvasElement>): void {
    const [sx, sy] = local(e);
    const d = drag.current;
    if (d?.kind === 'pan' && scene.view) {
      scene.view = panBy(scene.view, sx - d.x, sy - d.y);
      drag.current = { kind: 'pan', x: sx, y: sy, moved: d.moved + Math.abs(sx - d.x) + Math.abs(sy - d.y) };
      setHover(null);
      redraw();
    } else if (d?.kind === 'box') {
      drag.current = { ...d, x: sx, y: sy };
      showBox(box.current, drag.current);
    } else if (data) {
      const index = pointAt(scene, data, sx, sy);
      if (index < 0) setHover(null);
      else if (hover?.index !== index) setHover({ index, sx, sy });
    }
  }

  function onPointerUp(e: PointerEvent<HTMLCanvasElement>): void {
    const d = drag.current;
    drag.current = null;
    if (box.current) box.current.style.display = 'none';
    if (!data || !scene.view || !d) return;
    if (d.kind === 'box') {
      setSelected(pointsInBox(data.x, data.y, toData(scene.view, d.x0, d.y0), toData(scene.view, d.x, d.y)));
      setNotice(null);
      return;
    }
    if (d.moved > 3) return;
    const index = pointAt(scene, data, ...local(e));
    if (index >= 0) {
      useTrackTable.getState().select(data.ids[index] as number);
      go('library');
    }
  }

  if (error) return <Notice tone="bad">{error}</Notice>;
  if (!data) return <p className={styles.muted}>Placing every analysed track on the map…</p>;
  if (data.ids.length === 0)
    return <p className={styles.muted}>No analysed tracks yet: the map fills as the analysis runs.</p>;

  return (
    <div className={styles.map}>
      <div className={styles.stage}>
        <canvas
          ref={canvas}
          className={styles.canvas}
          aria-label={`Map of ${formatCount(data.ids.length)} analysed tracks`}
          role="img"
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerLeave={() => setHover(null)}
        />
        <div ref={box} className={styles.box} />
        {hover && <MapTooltip data={data} hover={hover} nameOf={nameOf} />}
      </div>
      <div className={styles.side}>
        <MapLegend data={data} nameOf={nameOf} />
        {selected.length > 0 && (
          <MapSelection
            trackIds={selected.map((i) => data.ids[i] as number)}
            suggestions={data.genres.map(nameOf)}
            onClear={() => setSelected([])}
            onDecided={(message) => {
              setNotice(message);
              setSelected([]);
              void useLibrary.getState().refresh();
              reload();
            }}
          />
        )}
        {notice && <Notice tone="info">{notice}</Notice>}
      </div>
    </div>
  );
}
