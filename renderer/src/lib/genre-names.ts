import type { Settings } from '../../../shared/api/types';

/**
 * Genre ids (ours, like "hiphop") are shown by their display name ("Hip-Hop"); genres of a
 * personal model are already in the user's spelling and shown as they are.
 */
export function displayName(genre: string | null | undefined, names: Settings['displayNames'] | undefined): string {
  if (!genre) return '—';
  return names?.[genre] ?? genre;
}

/**
 * The genre id a tag value stands for, only through the explicit alias table (matching is
 * case-insensitive, never fuzzy). Null when no alias names it.
 */
export function aliasTarget(tag: string, aliases: Settings['aliases'] | undefined): string | null {
  if (!aliases) return null;
  const key = tag.trim().toLowerCase();
  for (const [alias, id] of Object.entries(aliases)) {
    if (alias.toLowerCase() === key) return id;
  }
  return null;
}
