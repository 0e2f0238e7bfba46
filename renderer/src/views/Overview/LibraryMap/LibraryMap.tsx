import { useCallback, useEffect, useRef, useState, type PointerEvent, type ReactElement } from 'react';
import { MAP_FLAG_REVIEW, type LibraryMap as MapData } from '../../../../../shared/api/similarity';
import type { TrackDetail } from '../../../../../shared/api/types';
import { getTrack } from '../../../api/library';
import { libraryMap } from '../../../api/similarity';
import { Notice } from '../../../components/Notice/Notice';
import { messageOf } from '../../../lib/errors';
import { fileName, formatCount, formatPercent } from '../../../lib/format';
import { useLibrary } from '../../../stores/library';
import { useNavigation } from '../../../stores/navigation';
import { useTrackTable } from '../../../stores/track-table';
import {
  boundsOf,
  buildGrid,
  fitView,
  nearestPoint,
  panBy,
  pointsInBox,
  toData,
  toScreen,
  zoomAt,
  type MapView,
  type PointGrid,
} from './map-view';
import { MapSelection } from './MapSelection';
import { genreColour } from './palette';
import { packColour, rasterPoints } from './raster';
import styles from './LibraryMap.module.css';

export interface LibraryMapProps {
  /** A genre id or spelling as people read it ("hiphop" → "Hip-Hop"). */
  readonly nameOf: (genre: string) => string;
}

interface Hover {
  readonly index: number;
  readonly sx: number;
  readonly sy: number;
  readonly detail: TrackDetail | null;
}

type Drag =
  | { readonly kind: 'pan'; readonly x: number; readonly y: number; readonly moved: number }
  | { readonly kind: 'box'; readonly x0: number; readonly y0: number; readonly x: number; readonly y: number };

/** Point indices grouped by genre, so a draw changes the fill colour once per genre. */
function byGenre(data: MapData): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  data.genre.forEach((g, i) => {
    const list = groups.get(g);
    if (list) list.push(i);
    else groups.set(g, [i]);
  });
  return groups;
}

/**
 * Every analysed track as a point on a 2-D map of the similarity space (PCA, computed by the
 * backend off its main thread), coloured by decided or predicted genre, tracks that need review
 * ringed. Drawn on one canvas. Drag pans, the wheel zooms, hovering shows the track, a click
 * opens it in the library, shift-drag selects a box of tracks for one decision.
 */
export function LibraryMap({ nameOf }: LibraryMapProps): ReactElement {
  const canvas = useRef<HTMLCanvasElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const [data, setData] = useState<MapData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [hover, setHover] = useState<Hover | null>(null);
  const [selected, setSelected] = useState<readonly number[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const view = useRef<MapView | null>(null);
  const drag = useRef<Drag | null>(null);
  const frame = useRef(0);
  const groups = useRef<Map<number, number[]>>(new Map());
  const grid = useRef<PointGrid | null>(null);
  const arrived = useRef(0);
  const selectedSet = useRef<ReadonlySet<number>>(new Set());
  const review = useRef<readonly number[]>([]);
  const ringColour = useRef(packColour('#161b26'));
  const image = useRef<ImageData | null>(null);
  const go = useNavigation((s) => s.go);

  const load = useCallback(() => {
    libraryMap()
      .then((d) => {
        arrived.current = performance.now();
        groups.current = byGenre(d);
        review.current = d.flags.flatMap((f, i) => (f & MAP_FLAG_REVIEW ? [i] : []));
        grid.current = null;
        view.current = null;
        setData(d);
      })
      .catch((err: unknown) => setError(messageOf(err)));
  }, []);

  useEffect(load, [load]);

  const draw = useCallback(() => {
    frame.current = 0;
    const started = performance.now();
    const el = canvas.current;
    if (!el || !data) return;
    const dpr = window.devicePixelRatio || 1;
    const width = el.clientWidth;
    const height = el.clientHeight;
    if (el.width !== Math.round(width * dpr) || el.height !== Math.round(height * dpr)) {
      el.width = Math.round(width * dpr);
      el.height = Math.round(height * dpr);
    }
    view.current ??= fitView(boundsOf(data.x, data.y), width, height);
    const v = view.current;
    const ctx = el.getContext('2d');
    if (!ctx) return;
    if (image.current?.width !== el.width || image.current.height !== el.height) {
      image.current = ctx.createImageData(el.width, el.height);
    }
    const pixels = new Uint32Array(image.current.data.buffer);
    pixels.fill(0);
    const base = data.ids.length > 20_000 ? 2 : data.ids.length > 2_000 ? 3 : 5;
    const size = Math.max(1, Math.round(base * dpr));
    const { x, y } = data;
    // Tracks that need review first, a pixel larger on each side and dark: they show ringed.
    rasterPoints(pixels, el.width, el.height, v, dpr, { x, y, indices: review.current }, size + 2, ringColour.current);
    for (const [genre, indices] of groups.current) {
      rasterPoints(pixels, el.width, el.height, v, dpr, { x, y, indices }, size, packColour(genreColour(genre)));
    }
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.putImageData(image.current, 0, 0);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const half = size / dpr / 2;
    if (selectedSet.current.size > 0) {
      ctx.strokeStyle = getComputedStyle(el).getPropertyValue('--accent') || '#5046e5';
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      for (const i of selectedSet.current) {
        const [sx, sy] = toScreen(v, x[i] as number, y[i] as number);
        ctx.rect(sx - half - 2, sy - half - 2, 2 * half + 4, 2 * half + 4);
      }
      ctx.stroke();
    }
    el.dataset.drawMs = (performance.now() - started).toFixed(1);
    if (el.dataset.firstDrawMs === undefined) {
      el.dataset.firstDrawMs = (performance.now() - arrived.current).toFixed(1);
      el.dataset.points = String(x.length);
    }
  }, [data]);

  const redraw = useCallback(() => {
    if (!frame.current) frame.current = requestAnimationFrame(draw);
  }, [draw]);

  useEffect(() => {
    const el = canvas.current;
    if (!el || !data) return;
    const text = getComputedStyle(el).getPropertyValue('--text').trim();
    if (/^#[0-9a-f]{6}$/i.test(text)) ringColour.current = packColour(text);
    draw();
    const observer = new ResizeObserver(() => {
      view.current = null;
      redraw();
    });
    observer.observe(el);
    const onWheel = (e: WheelEvent): void => {
      e.preventDefault();
      if (!view.current) return;
      const r = el.getBoundingClientRect();
      view.current = zoomAt(view.current, Math.exp(-e.deltaY * 0.0015), e.clientX - r.left, e.clientY - r.top);
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
  }, [data, draw, redraw]);

  useEffect(() => {
    selectedSet.current = new Set(selected);
    redraw();
  }, [selected, redraw]);

  /** The point under screen (sx, sy), within 6 pixels, or −1. */
  const pointAt = (sx: number, sy: number): number => {
    if (!data || !view.current) return -1;
    if (!grid.current) {
      const b = boundsOf(data.x, data.y);
      grid.current = buildGrid(data.x, data.y, Math.max(b.maxX - b.minX, b.maxY - b.minY, 1e-9) / 200);
    }
    const [dx, dy] = toData(view.current, sx, sy);
    return nearestPoint(grid.current, data.x, data.y, dx, dy, Math.min(6 / view.current.scale, grid.current.cell));
  };

  const local = (e: PointerEvent<HTMLCanvasElement>): [number, number] => {
    const r = e.currentTarget.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  };

  function onPointerDown(e: PointerEvent<HTMLCanvasElement>): void {
    const [sx, sy] = local(e);
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = e.shiftKey ? { kind: 'box', x0: sx, y0: sy, x: sx, y: sy } : { kind: 'pan', x: sx, y: sy, moved: 0 };
  }

  function onPointerMove(e: PointerEvent<HTMLCanvasElement>): void {
    const [sx, sy] = local(e);
    const d = drag.current;
    if (d?.kind === 'pan' && view.current) {
      view.current = panBy(view.current, sx - d.x, sy - d.y);
      drag.current = { kind: 'pan', x: sx, y: sy, moved: d.moved + Math.abs(sx - d.x) + Math.abs(sy - d.y) };
      setHover(null);
      redraw();
      return;
    }
    if (d?.kind === 'box') {
      drag.current = { ...d, x: sx, y: sy };
      const b = box.current;
      if (b) {
        Object.assign(b.style, {
          display: 'block',
          left: `${Math.min(d.x0, sx)}px`,
          top: `${Math.min(d.y0, sy)}px`,
          width: `${Math.abs(sx - d.x0)}px`,
          height: `${Math.abs(sy - d.y0)}px`,
        });
      }
      return;
    }
    const index = pointAt(sx, sy);
    if (index < 0) setHover(null);
    else if (hover?.index !== index) setHover({ index, sx, sy, detail: null });
  }

  function onPointerUp(e: PointerEvent<HTMLCanvasElement>): void {
    const d = drag.current;
    drag.current = null;
    if (box.current) box.current.style.display = 'none';
    if (!data || !view.current || !d) return;
    if (d.kind === 'box') {
      const inBox = pointsInBox(data.x, data.y, toData(view.current, d.x0, d.y0), toData(view.current, d.x, d.y));
      setSelected(inBox);
      setNotice(null);
      return;
    }
    if (d.moved > 3) return;
    const [sx, sy] = local(e);
    const index = pointAt(sx, sy);
    if (index >= 0) {
      useTrackTable.getState().select(data.ids[index] as number);
      go('library');
    }
  }

  useEffect(() => {
    if (!hover || hover.detail || !data) return;
    let live = true;
    const timer = setTimeout(() => {
      getTrack(data.ids[hover.index] as number)
        .then((detail) => live && setHover((h) => (h?.index === hover.index ? { ...h, detail } : h)))
        .catch(() => undefined);
    }, 60);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [hover, data]);

  if (error) return <Notice tone="bad">{error}</Notice>;
  if (!data) return <p className={styles.muted}>Placing every analysed track on the map…</p>;
  if (data.ids.length === 0)
    return <p className={styles.muted}>No analysed tracks yet: the map fills as the analysis runs.</p>;

  const hoverGenre = hover ? (data.genre[hover.index] ?? -1) : -1;
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
        {hover && (
          <div
            className={styles.tooltip}
            style={{ left: hover.sx + 12, top: hover.sy + 12 }}
            role="tooltip"
            data-track-id={data.ids[hover.index]}
          >
            <strong>
              {hover.detail ? (hover.detail.title ?? fileName(hover.detail.path)) : `Track ${data.ids[hover.index]}`}
            </strong>
            {hover.detail?.artist && <span>{hover.detail.artist}</span>}
            <span className={styles.muted}>
              {hoverGenre >= 0 ? nameOf(data.genres[hoverGenre] as string) : 'no genre yet'}
              {((data.flags[hover.index] as number) & MAP_FLAG_REVIEW) !== 0 && ' · needs review'}
            </span>
          </div>
        )}
      </div>
      <div className={styles.side}>
        <ul className={styles.legend} aria-label="Genres">
          {data.genres.map((g, i) => (
            <li key={g}>
              <i className={styles.swatch} style={{ background: genreColour(i) }} />
              {nameOf(g)}
            </li>
          ))}
          {data.genre.includes(-1) && (
            <li>
              <i className={styles.swatch} style={{ background: genreColour(-1) }} />
              no genre yet
            </li>
          )}
          <li>
            <i className={`${styles.swatch} ${styles.ringed}`} />
            needs review
          </li>
        </ul>
        <p className={styles.muted}>
          {data.metric.kind === 'learned' ? 'Your genres’ metric' : 'Standardised features'}, PCA: the axes show{' '}
          {formatPercent((data.explained[0] ?? 0) + (data.explained[1] ?? 0))} of the variance. Drag to pan, wheel to
          zoom, click a point to open it, shift-drag to select.
        </p>
        {selected.length > 0 && (
          <MapSelection
            trackIds={selected.map((i) => data.ids[i] as number)}
            suggestions={data.genres.map(nameOf)}
            onClear={() => setSelected([])}
            onDecided={(message) => {
              setNotice(message);
              setSelected([]);
              void useLibrary.getState().refresh();
              load();
            }}
          />
        )}
        {notice && <Notice tone="info">{notice}</Notice>}
      </div>
    </div>
  );
}
