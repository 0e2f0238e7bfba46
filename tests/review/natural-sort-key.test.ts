import { describe, expect, it } from 'vitest';
import { naturalSortKey } from '../../shared/natural-sort-key.js';

const sorted = (xs: readonly string[]): string[] =>
  [...xs].sort((a, b) => {
    const [ka, kb] = [naturalSortKey(a) ?? '', naturalSortKey(b) ?? ''];
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });

describe('natural sort key', () => {
  it('writes each digit run as its length and value', () => {
    expect(naturalSortKey('Velvet 82')).toBe('velvet 0282');
    expect(naturalSortKey('Velvet 819')).toBe('velvet 03819');
    expect(naturalSortKey('Track 007')).toBe('track 017');
    expect(naturalSortKey('0')).toBe('010');
    expect(naturalSortKey('1a22b333')).toBe('011a0222b03333');
  });

  it('folds case, accents, compatibility forms and spaces', () => {
    expect(naturalSortKey('  Élan   Vital ')).toBe('elan vital');
    expect(naturalSortKey('ÉLAN')).toBe(naturalSortKey('elan'));
    expect(naturalSortKey('Ｖｅｌｖｅｔ ８２')).toBe('velvet 0282');
    expect(naturalSortKey('ﬁre')).toBe('fire');
  });

  it('has no key for missing or blank text', () => {
    expect(naturalSortKey(null)).toBeNull();
    expect(naturalSortKey(undefined)).toBeNull();
    expect(naturalSortKey('   ')).toBeNull();
  });

  it('cuts digit runs past 99 digits into runs of 99', () => {
    const key = naturalSortKey('9'.repeat(100)) ?? '';
    expect(key).toBe(`99${'9'.repeat(99)}019`);
  });

  it('orders as people read: numbers by value, whatever the case or accents', () => {
    expect(sorted(['Velvet 819', 'velvet 82', 'Velvet 9', 'Velvet'])).toEqual([
      'Velvet',
      'Velvet 9',
      'velvet 82',
      'Velvet 819',
    ]);
    expect(sorted(['track 10.mp3', 'Track 2.mp3', 'track 1.mp3'])).toEqual([
      'track 1.mp3',
      'Track 2.mp3',
      'track 10.mp3',
    ]);
    expect(sorted(['Zoë', 'zoe 2', 'Zebra'])).toEqual(['Zebra', 'Zoë', 'zoe 2']);
  });
});
