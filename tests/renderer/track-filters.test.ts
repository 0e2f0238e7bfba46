import { describe, expect, it } from 'vitest';
import { DEFAULT_SORT, NO_FILTERS, hasFilters, nextSort, toTrackQuery } from '../../renderer/src/lib/track-filters';

describe('library filters → tracks.query params', () => {
  it('sends only the sort when nothing is filtered', () => {
    expect(toTrackQuery(NO_FILTERS, DEFAULT_SORT)).toEqual({ sort: 'artist', descending: false });
  });

  it('maps every filter to its query field, trimming the search', () => {
    const q = toTrackQuery(
      {
        search: '  miles ',
        genre: 'Jazz',
        predicted: 'blues',
        confidence: 'medium',
        status: 'review',
        artist: 'Miles Davis',
        album: 'Kind of Blue',
      },
      { key: 'confidence', descending: true },
    );
    expect(q).toEqual({
      search: 'miles',
      genre: 'Jazz',
      predicted: 'blues',
      minConfidence: 0.5,
      maxConfidence: 0.7999,
      status: 'review',
      artist: 'Miles Davis',
      album: 'Kind of Blue',
      sort: 'confidence',
      descending: true,
    });
  });

  it('uses one bound for the open-ended confidence bands', () => {
    expect(toTrackQuery({ ...NO_FILTERS, confidence: 'low' }, DEFAULT_SORT)).toMatchObject({ maxConfidence: 0.4999 });
    expect(toTrackQuery({ ...NO_FILTERS, confidence: 'low' }, DEFAULT_SORT)).not.toHaveProperty('minConfidence');
    expect(toTrackQuery({ ...NO_FILTERS, confidence: 'high' }, DEFAULT_SORT)).toMatchObject({ minConfidence: 0.8 });
    expect(toTrackQuery({ ...NO_FILTERS, confidence: 'high' }, DEFAULT_SORT)).not.toHaveProperty('maxConfidence');
  });

  it('treats a blank search as no filter', () => {
    expect(toTrackQuery({ ...NO_FILTERS, search: '   ' }, DEFAULT_SORT)).not.toHaveProperty('search');
    expect(hasFilters({ ...NO_FILTERS, search: '   ' })).toBe(false);
    expect(hasFilters({ ...NO_FILTERS, status: 'error' })).toBe(true);
  });

  it('sorts by a new column ascending and reverses the current one', () => {
    expect(nextSort({ key: 'artist', descending: false }, 'title')).toEqual({ key: 'title', descending: false });
    expect(nextSort({ key: 'title', descending: false }, 'title')).toEqual({ key: 'title', descending: true });
    expect(nextSort({ key: 'title', descending: true }, 'title')).toEqual({ key: 'title', descending: false });
  });
});
