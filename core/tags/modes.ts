import type { WriteMode } from '../../shared/api/types.js';

export type { WriteMode };

/**
 * How our genre combines with what a file already carries:
 * - `replace`: the file ends up with our genres only;
 * - `add`: the file keeps its genres and gains ours that it lacks (appended, in our order);
 * - `fill`: only files without any genre get ours.
 */
export const WRITE_MODES: readonly WriteMode[] = ['replace', 'add', 'fill'];

/** Trimmed, non-empty, first spelling kept when values repeat case-insensitively. */
function cleaned(values: readonly string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const raw of values) {
    const value = raw.trim();
    const key = value.toLocaleLowerCase('en');
    if (value === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(value);
  }
  return out;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/**
 * The genre list to write into a file that currently carries `current`, or null when nothing
 * needs writing (the result equals what is there, or there is nothing of ours to write).
 * Comparison is case-insensitive ("hip-hop" is already "Hip-Hop" for `add`), but `replace`
 * rewrites a value that differs only in spelling, since the configured display name should win.
 */
export function planGenreChange(current: readonly string[], ours: readonly string[], mode: WriteMode): string[] | null {
  const mine = cleaned(ours);
  if (mine.length === 0) return null;
  const present = cleaned(current);
  let next: string[];
  switch (mode) {
    case 'replace':
      next = mine;
      break;
    case 'add': {
      const have = new Set(present.map((v) => v.toLocaleLowerCase('en')));
      next = [...present, ...mine.filter((v) => !have.has(v.toLocaleLowerCase('en')))];
      break;
    }
    case 'fill':
      if (present.length > 0) return null;
      next = mine;
      break;
  }
  // `current` as the file holds it (untrimmed, duplicated) still counts as a change to clean up
  // only in replace mode; add/fill leave the user's values alone when they have nothing to add.
  if (mode === 'replace' ? sameList(next, [...current]) : sameList(next, present)) return null;
  return next;
}
