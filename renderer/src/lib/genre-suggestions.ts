import type { CountBy, Settings } from '../../../shared/api/types';
import { displayName } from './genre-names';

/**
 * What the genre field offers as the user types: the model's genres by their display names, the
 * genres already in the user's tags (most used first) and any configured display names, each
 * once whatever its case. The user may still type a genre that is in none of them.
 */
export function genreSuggestions(
  modelGenres: readonly string[],
  tagGenres: readonly CountBy[],
  names: Settings['displayNames'] | undefined,
): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  const add = (value: string): void => {
    const v = value.trim();
    const key = v.toLowerCase();
    if (!v || seen.has(key)) return;
    seen.add(key);
    out.push(v);
  };
  for (const g of modelGenres) add(displayName(g, names));
  for (const t of [...tagGenres].sort((a, b) => b.count - a.count)) add(t.key);
  for (const name of Object.values(names ?? {})) add(name);
  return out;
}

/** The suggestions that start with (first) or contain what was typed, case-insensitively. */
export function matchingSuggestions(suggestions: readonly string[], typed: string, limit = 8): string[] {
  const q = typed.trim().toLowerCase();
  if (!q) return suggestions.slice(0, limit);
  const starts = suggestions.filter((s) => s.toLowerCase().startsWith(q));
  const contains = suggestions.filter((s) => !s.toLowerCase().startsWith(q) && s.toLowerCase().includes(q));
  return [...starts, ...contains].slice(0, limit);
}
