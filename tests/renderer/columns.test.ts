import { describe, expect, it } from 'vitest';
import { COLUMNS, fitColumns, gridTemplate, ROW_PADDING } from '../../renderer/src/views/Library/columns';

const keys = (width: number): string[] => fitColumns(width).map((c) => c.key);
const minimum = (cols: readonly { minWidth: number }[]): number => cols.reduce((s, c) => s + c.minWidth, ROW_PADDING);

describe('library table columns', () => {
  it('shows every column when there is room', () => {
    expect(keys(minimum(COLUMNS))).toEqual(COLUMNS.map((c) => c.key));
  });

  it('drops album, then the file’s genre, then the artist, never what will be written', () => {
    expect(keys(minimum(COLUMNS) - 1)).toEqual(['title', 'artist', 'genre', 'predicted', 'confidence', 'status']);
    expect(keys(600)).toEqual(['title', 'artist', 'predicted', 'confidence', 'status']);
    expect(keys(470)).toEqual(['title', 'predicted', 'confidence', 'status']);
    expect(keys(100)).toEqual(['title', 'predicted', 'confidence', 'status']);
  });

  it('builds the grid template from each column’s minimum and share', () => {
    expect(gridTemplate(fitColumns(470))).toBe(
      'minmax(130px, 2.2fr) minmax(110px, 1.1fr) minmax(90px, 150px) minmax(100px, 100px)',
    );
  });

  it('returns the same array for the same columns, so resizing re-renders no row needlessly', () => {
    expect(fitColumns(1_300)).toBe(fitColumns(1_400));
    expect(fitColumns(Number.POSITIVE_INFINITY)).toBe(fitColumns(1_300));
    expect(fitColumns(470)).not.toBe(fitColumns(1_300));
  });
});
