import { describe, expect, it } from 'vitest';
import { planGenreChange } from '../../core/tags/modes.js';

describe('planGenreChange', () => {
  describe('replace', () => {
    it('writes our genres only', () => {
      expect(planGenreChange(['Rock', 'Pop'], ['Jazz'], 'replace')).toEqual(['Jazz']);
      expect(planGenreChange([], ['Jazz'], 'replace')).toEqual(['Jazz']);
    });
    it('has nothing to write when the file already carries exactly ours', () => {
      expect(planGenreChange(['Jazz'], ['Jazz'], 'replace')).toBeNull();
      expect(planGenreChange(['Jazz', 'Blues'], ['Jazz', 'Blues'], 'replace')).toBeNull();
    });
    it('rewrites a value that differs only in spelling, so the display name wins', () => {
      expect(planGenreChange(['hip-hop'], ['Hip-Hop'], 'replace')).toEqual(['Hip-Hop']);
      expect(planGenreChange(['Jazz '], ['Jazz'], 'replace')).toEqual(['Jazz']);
    });
    it('keeps our order and drops our duplicates and blanks', () => {
      expect(planGenreChange(['Rock'], ['Jazz', ' jazz', '', 'Blues'], 'replace')).toEqual(['Jazz', 'Blues']);
    });
  });

  describe('add', () => {
    it('keeps the existing values and appends ours that are missing', () => {
      expect(planGenreChange(['Rock', 'Pop'], ['Jazz'], 'add')).toEqual(['Rock', 'Pop', 'Jazz']);
      expect(planGenreChange(['Rock'], ['Pop', 'rock', 'Jazz'], 'add')).toEqual(['Rock', 'Pop', 'Jazz']);
    });
    it('has nothing to write when every value of ours is there in any case', () => {
      expect(planGenreChange(['Rock', 'JAZZ'], ['jazz'], 'add')).toBeNull();
    });
    it('adds to an empty file', () => {
      expect(planGenreChange([], ['Jazz'], 'add')).toEqual(['Jazz']);
    });
  });

  describe('fill', () => {
    it('writes only into files without any genre', () => {
      expect(planGenreChange([], ['Jazz'], 'fill')).toEqual(['Jazz']);
      expect(planGenreChange(['  ', ''], ['Jazz'], 'fill')).toEqual(['Jazz']);
      expect(planGenreChange(['Rock'], ['Jazz'], 'fill')).toBeNull();
    });
  });

  it('has nothing to write when we have no genre', () => {
    for (const mode of ['replace', 'add', 'fill'] as const) {
      expect(planGenreChange(['Rock'], [], mode)).toBeNull();
      expect(planGenreChange([], ['  '], mode)).toBeNull();
    }
  });
});
