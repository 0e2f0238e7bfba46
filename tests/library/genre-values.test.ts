import { describe, expect, it } from 'vitest';
import { genreValues, resolveId3References } from '../../core/library/genre-values.js';
import { ID3V1_GENRES } from '../../core/library/id3v1-genres.js';

describe('genreValues: ID3 text', () => {
  it('splits the ID3v2.3 "/" convention and ";"', () => {
    expect(genreValues(['Rock/Pop'], 'id3')).toEqual(['Rock', 'Pop']);
    expect(genreValues(['Rock;Pop'], 'id3')).toEqual(['Rock', 'Pop']);
    expect(genreValues(['Rock / Pop ; Jazz'], 'id3')).toEqual(['Rock', 'Pop', 'Jazz']);
  });

  it('splits null-separated ID3v2.4 values', () => {
    expect(genreValues(['Electronic\0Ambient'], 'id3')).toEqual(['Electronic', 'Ambient']);
    expect(genreValues(['Electronic\0Ambient\0'], 'id3')).toEqual(['Electronic', 'Ambient']);
  });

  it('resolves ID3v1 numbers, bare and in parentheses', () => {
    expect(genreValues(['(17)'], 'id3')).toEqual(['Rock']);
    expect(genreValues(['17'], 'id3')).toEqual(['Rock']);
    expect(genreValues(['(0)'], 'id3')).toEqual(['Blues']);
    expect(genreValues(['(17)(13)'], 'id3')).toEqual(['Rock', 'Pop']);
    expect(genreValues(['(80)'], 'id3')).toEqual(['Folk']);
  });

  it('lets refinement text win over the number it refines', () => {
    expect(genreValues(['(4)Eurodisco'], 'id3')).toEqual(['Eurodisco']);
    expect(genreValues(['(RX)'], 'id3')).toEqual(['Remix']);
    expect(genreValues(['(CR)'], 'id3')).toEqual(['Cover']);
    expect(genreValues(['((Parenthesised)'], 'id3')).toEqual(['(Parenthesised)']);
  });

  it('drops numbers outside the table instead of inventing names', () => {
    expect(genreValues(['(250)'], 'id3')).toEqual([]);
    expect(genreValues(['255'], 'id3')).toEqual([]);
  });

  it('keeps table genres that contain a slash whole', () => {
    expect(ID3V1_GENRES).toContain('Pop/Funk');
    expect(genreValues(['Pop/Funk'], 'id3')).toEqual(['Pop/Funk']);
    expect(genreValues(['folk/rock'], 'id3')).toEqual(['folk/rock']);
    expect(genreValues(['Pop/Funk;Jazz'], 'id3')).toEqual(['Pop/Funk', 'Jazz']);
  });

  it('never splits on commas', () => {
    expect(genreValues(['Folk, World, & Country'], 'id3')).toEqual(['Folk, World, & Country']);
  });
});

describe('genreValues: other tag formats', () => {
  it('keeps repeated Vorbis GENRE fields as separate values', () => {
    expect(genreValues(['Jazz', 'Blues'], 'other')).toEqual(['Jazz', 'Blues']);
  });

  it('splits ";" but leaves "/" and numbers alone', () => {
    expect(genreValues(['Classical; Baroque'], 'other')).toEqual(['Classical', 'Baroque']);
    expect(genreValues(['Drum/Bass'], 'other')).toEqual(['Drum/Bass']);
    expect(genreValues(['17'], 'other')).toEqual(['17']);
  });
});

describe('genreValues: cleaning', () => {
  it('removes duplicates case-insensitively, keeping the first spelling and order', () => {
    expect(genreValues(['Electronic\0Ambient\0electronic'], 'id3')).toEqual(['Electronic', 'Ambient']);
    expect(genreValues(['rock', 'Rock', 'ROCK', 'Pop'], 'other')).toEqual(['rock', 'Pop']);
    expect(genreValues(['Électro', 'électro'], 'other')).toEqual(['Électro']);
    expect(genreValues(['(17)', 'Rock'], 'id3')).toEqual(['Rock']);
  });

  it('trims and drops empty values', () => {
    expect(genreValues(['  Jazz  ', '', ' ; ', '\0'], 'other')).toEqual(['Jazz']);
    expect(genreValues([], 'id3')).toEqual([]);
  });
});

describe('resolveId3References', () => {
  it('passes plain text through', () => {
    expect(resolveId3References('Shoegaze')).toEqual(['Shoegaze']);
    expect(resolveId3References('')).toEqual([]);
  });
});
