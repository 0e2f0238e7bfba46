import { describe, expect, it } from 'vitest';
import { COLUMNS, fitColumns, gridTemplate, ROW_PADDING } from '../../renderer/src/views/Library/columns';

const keys = (width: number): string[] => fitColumns(width).map((c) => c.key);
const readable = (cols: readonly { readableWidth: number }[]): number =>
  cols.reduce((s, c) => s + c.readableWidth, ROW_PADDING);

describe('library table columns', () => {
  it('shows every column when there is room', () => {
    expect(keys(readable(COLUMNS))).toEqual(COLUMNS.map((c) => c.key));
  });

  it('drops album, then the file’s genre, then the artist, never what will be written', () => {
    expect(keys(readable(COLUMNS) - 1)).toEqual(['title', 'artist', 'genre', 'predicted', 'confidence', 'status']);
    expect(keys(700)).toEqual(['title', 'artist', 'predicted', 'confidence', 'status']);
    expect(keys(600)).toEqual(['title', 'predicted', 'confidence', 'status']);
    expect(keys(100)).toEqual(['title', 'predicted', 'confidence', 'status']);
  });

  it('beside the details panel at 1440 wide (an 836 px table) gives way by columns, not by the title', () => {
    // Before, every column stayed at its minimum and the title kept 130 px (90 px of text).
    const shown = fitColumns(836);
    expect(shown.map((c) => c.key)).toEqual(['title', 'artist', 'genre', 'predicted', 'confidence', 'status']);
    for (const c of shown) expect(c.readableWidth).toBeGreaterThanOrEqual(c.minWidth);
    expect(readable(shown)).toBeLessThanOrEqual(836);
  });

  it('keeps the four columns that always show within a 1024 wide window beside the details panel', () => {
    // 1024 − 224 sidebar − 300 panel: the table is about 500 px.
    const shown = fitColumns(500);
    expect(shown.map((c) => c.key)).toEqual(['title', 'predicted', 'confidence', 'status']);
    expect(shown.reduce((s, c) => s + c.minWidth, ROW_PADDING)).toBeLessThanOrEqual(500);
  });

  it('builds the grid template from each column’s minimum and share', () => {
    expect(gridTemplate(fitColumns(470), 470)).toBe(
      'minmax(130px, 2.2fr) minmax(110px, 1.1fr) minmax(102px, 150px) minmax(100px, 100px)',
    );
    // Where they fit at their readable widths, those are the floors: the fixed-width columns
    // cannot take the room first and leave the shared ones at their minimum (a cut header).
    expect(gridTemplate(fitColumns(836), 836)).toBe(
      'minmax(180px, 2.2fr) minmax(110px, 1.4fr) minmax(118px, 1fr) minmax(136px, 1.1fr) minmax(106px, 150px) minmax(100px, 100px)',
    );
  });

  it('returns the same array for the same columns, so resizing re-renders no row needlessly', () => {
    expect(fitColumns(1_300)).toBe(fitColumns(1_400));
    expect(fitColumns(Number.POSITIVE_INFINITY)).toBe(fitColumns(1_300));
    expect(fitColumns(470)).not.toBe(fitColumns(1_300));
  });
});
