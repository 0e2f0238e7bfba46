import { describe, expect, it } from 'vitest';
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
} from '../../renderer/src/views/Overview/LibraryMap/map-view';
import { packColour, rasterPoints } from '../../renderer/src/views/Overview/LibraryMap/raster';

const x = [0, 10, 10, 0, 5];
const y = [0, 0, 10, 10, 5];

describe('library map geometry', () => {
  it('fits the points into the canvas, centred, y upwards', () => {
    const b = boundsOf(x, y);
    expect(b).toEqual({ minX: 0, maxX: 10, minY: 0, maxY: 10 });
    const v = fitView(b, 220, 120, 10);
    // (120 − 20) / 10 = 10 px per unit: the height limits; the middle (5, 5) is the canvas centre.
    expect(v.scale).toBe(10);
    expect(toScreen(v, 5, 5)).toEqual([110, 60]);
    expect(toScreen(v, 0, 10)).toEqual([60, 10]);
    expect(toData(v, 60, 10)).toEqual([0, 10]);
  });

  it('zooms about the pointer and pans by pixels', () => {
    const v = fitView(boundsOf(x, y), 220, 120, 10);
    const z = zoomAt(v, 2, 60, 10);
    expect(z.scale).toBe(20);
    expect(toScreen(z, 0, 10)).toEqual([60, 10]);
    expect(toScreen(panBy(z, 5, -3), 0, 10)).toEqual([65, 7]);
  });

  it('finds the nearest point within the radius through the grid, and none farther', () => {
    const grid = buildGrid(x, y, 2);
    expect(nearestPoint(grid, x, y, 5.5, 4.8, 1)).toBe(4);
    expect(nearestPoint(grid, x, y, 9.2, 9.9, 1)).toBe(2);
    expect(nearestPoint(grid, x, y, 7, 7, 1)).toBe(-1);
  });

  it('selects the points inside a box given by any two corners', () => {
    expect(pointsInBox(x, y, [11, -1], [4, 6])).toEqual([1, 4]);
    expect(pointsInBox(x, y, [-1, -1], [11, 11])).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('library map raster', () => {
  it('packs #rrggbb as the little-endian ImageData pixel 0xAABBGGRR', () => {
    expect(packColour('#4e79a7')).toBe(0xffa7794e);
  });

  it('writes size × size squares centred on each point, clipped at the edges', () => {
    const pixels = new Uint32Array(5 * 4);
    // View: 1 unit = 1 px, data (0, 0) at screen (1, 3); dpr 2 doubles it to device (2, 6).
    rasterPoints(pixels, 5, 4, { scale: 0.5, tx: 1, ty: 1 }, 2, { x: [0, 3], y: [0, 0], indices: [0, 1] }, 2, 7);
    // Point 0 at device (2, 2): rows 1–2, columns 1–2. Point 1 at (5, 2): column 4, its column 5 clipped.
    expect(Array.from(pixels)).toEqual([0, 0, 0, 0, 0, 0, 7, 7, 0, 7, 0, 7, 7, 0, 7, 0, 0, 0, 0, 0]);
  });
});
