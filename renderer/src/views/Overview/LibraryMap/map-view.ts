/**
 * The library map's geometry, as pure functions: the view (data → screen: a scale and an offset),
 * fitting, zooming about a point, a uniform grid for hover hit-tests over 100,000 points, and
 * box selection. y grows upwards in data and downwards on screen.
 */

export interface MapView {
  readonly scale: number;
  /** Screen position of data (0, 0). */
  readonly tx: number;
  readonly ty: number;
}

export interface Bounds {
  readonly minX: number;
  readonly maxX: number;
  readonly minY: number;
  readonly maxY: number;
}

export function boundsOf(x: ArrayLike<number>, y: ArrayLike<number>): Bounds {
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < x.length; i++) {
    const a = x[i] as number;
    const b = y[i] as number;
    if (a < minX) minX = a;
    if (a > maxX) maxX = a;
    if (b < minY) minY = b;
    if (b > maxY) maxY = b;
  }
  return x.length ? { minX, maxX, minY, maxY } : { minX: -1, maxX: 1, minY: -1, maxY: 1 };
}

/** The view that shows `b` centred in a width × height canvas with `margin` pixels around it. */
export function fitView(b: Bounds, width: number, height: number, margin = 16): MapView {
  const spanX = Math.max(b.maxX - b.minX, 1e-9);
  const spanY = Math.max(b.maxY - b.minY, 1e-9);
  const scale = Math.min((width - 2 * margin) / spanX, (height - 2 * margin) / spanY);
  return {
    scale,
    tx: width / 2 - ((b.minX + b.maxX) / 2) * scale,
    ty: height / 2 + ((b.minY + b.maxY) / 2) * scale,
  };
}

export function toScreen(v: MapView, x: number, y: number): [number, number] {
  return [v.tx + x * v.scale, v.ty - y * v.scale];
}

export function toData(v: MapView, sx: number, sy: number): [number, number] {
  return [(sx - v.tx) / v.scale, (v.ty - sy) / v.scale];
}

/** Zooms by `factor` keeping the data point under screen (sx, sy) where it is. */
export function zoomAt(v: MapView, factor: number, sx: number, sy: number): MapView {
  return { scale: v.scale * factor, tx: sx - (sx - v.tx) * factor, ty: sy - (sy - v.ty) * factor };
}

export function panBy(v: MapView, dx: number, dy: number): MapView {
  return { ...v, tx: v.tx + dx, ty: v.ty + dy };
}

/** Points bucketed into square cells of `cell` data units, for hit-tests that look at a few cells. */
export interface PointGrid {
  readonly cell: number;
  readonly buckets: ReadonlyMap<string, readonly number[]>;
}

export function buildGrid(x: ArrayLike<number>, y: ArrayLike<number>, cell: number): PointGrid {
  const buckets = new Map<string, number[]>();
  for (let i = 0; i < x.length; i++) {
    const key = `${Math.floor((x[i] as number) / cell)},${Math.floor((y[i] as number) / cell)}`;
    const list = buckets.get(key);
    if (list) list.push(i);
    else buckets.set(key, [i]);
  }
  return { cell, buckets };
}

/** The point nearest to data (px, py) within `radius` data units (radius ≤ cell), or −1. */
export function nearestPoint(
  grid: PointGrid,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  px: number,
  py: number,
  radius: number,
): number {
  const cx = Math.floor(px / grid.cell);
  const cy = Math.floor(py / grid.cell);
  let best = -1;
  let bestD = radius * radius;
  for (let gx = cx - 1; gx <= cx + 1; gx++) {
    for (let gy = cy - 1; gy <= cy + 1; gy++) {
      for (const i of grid.buckets.get(`${gx},${gy}`) ?? []) {
        const d = ((x[i] as number) - px) ** 2 + ((y[i] as number) - py) ** 2;
        if (d <= bestD) {
          bestD = d;
          best = i;
        }
      }
    }
  }
  return best;
}

/** Indices of the points inside the data-space box spanned by two corners (any order). */
export function pointsInBox(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  a: readonly [number, number],
  b: readonly [number, number],
): number[] {
  const [x0, x1] = a[0] < b[0] ? [a[0], b[0]] : [b[0], a[0]];
  const [y0, y1] = a[1] < b[1] ? [a[1], b[1]] : [b[1], a[1]];
  const out: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const px = x[i] as number;
    const py = y[i] as number;
    if (px >= x0 && px <= x1 && py >= y0 && py <= y1) out.push(i);
  }
  return out;
}
