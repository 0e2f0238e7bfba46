import type { LibraryMap as MapData } from '../../../../../shared/api/similarity';
import { boundsOf, fitView, toScreen, type MapView } from './map-view';
import { genreColour } from './palette';
import { packColour, rasterPoints } from './raster';

/** What one frame of the map draws, besides the canvas itself. */
export interface MapFrame {
  readonly data: MapData;
  /** Point indices per genre, so a draw changes the colour once per genre. */
  readonly groups: ReadonlyMap<number, readonly number[]>;
  /** Tracks that need review: drawn first, larger and dark, so they show ringed. */
  readonly review: readonly number[];
  readonly selected: ReadonlySet<number>;
  readonly ringColour: number;
}

/** Point indices grouped by genre. */
export function byGenre(data: MapData): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  data.genre.forEach((g, i) => {
    const list = groups.get(g);
    if (list) list.push(i);
    else groups.set(g, [i]);
  });
  return groups;
}

/** Point size in CSS pixels: smaller as the library grows, so 100,000 points stay readable. */
function pointSize(points: number): number {
  return points > 20_000 ? 2 : points > 2_000 ? 3 : 5;
}

function fitCanvas(el: HTMLCanvasElement, dpr: number): void {
  const width = Math.round(el.clientWidth * dpr);
  const height = Math.round(el.clientHeight * dpr);
  if (el.width !== width || el.height !== height) {
    el.width = width;
    el.height = height;
  }
}

function strokeSelection(
  ctx: CanvasRenderingContext2D,
  el: HTMLCanvasElement,
  frame: MapFrame,
  v: MapView,
  half: number,
) {
  if (frame.selected.size === 0) return;
  const { x, y } = frame.data;
  ctx.strokeStyle = getComputedStyle(el).getPropertyValue('--accent') || '#5046e5';
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  for (const i of frame.selected) {
    const [sx, sy] = toScreen(v, x[i] as number, y[i] as number);
    ctx.rect(sx - half - 2, sy - half - 2, 2 * half + 4, 2 * half + 4);
  }
  ctx.stroke();
}

/**
 * Draws one frame: every point rasterised into one pixel buffer (one putImageData instead of a
 * canvas call per point), then the selection outlined. Returns the view used (fitted to the data
 * when none is given) and the pixel buffer to reuse next frame.
 */
export function drawMap(
  el: HTMLCanvasElement,
  frame: MapFrame,
  view: MapView | null,
  image: ImageData | null,
): { view: MapView; image: ImageData } | null {
  const dpr = window.devicePixelRatio || 1;
  fitCanvas(el, dpr);
  const v = view ?? fitView(boundsOf(frame.data.x, frame.data.y), el.clientWidth, el.clientHeight);
  const ctx = el.getContext('2d');
  if (!ctx) return null;
  const buffer =
    image?.width === el.width && image.height === el.height ? image : ctx.createImageData(el.width, el.height);
  const pixels = new Uint32Array(buffer.data.buffer);
  pixels.fill(0);
  const size = Math.max(1, Math.round(pointSize(frame.data.ids.length) * dpr));
  const { x, y } = frame.data;
  rasterPoints(pixels, el.width, el.height, v, dpr, { x, y, indices: frame.review }, size + 2, frame.ringColour);
  for (const [genre, indices] of frame.groups) {
    rasterPoints(pixels, el.width, el.height, v, dpr, { x, y, indices }, size, packColour(genreColour(genre)));
  }
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.putImageData(buffer, 0, 0);
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  strokeSelection(ctx, el, frame, v, size / dpr / 2);
  return { view: v, image: buffer };
}
