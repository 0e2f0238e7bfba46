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
