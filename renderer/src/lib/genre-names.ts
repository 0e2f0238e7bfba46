import type { Settings } from '../../../shared/api/types';
import { aliasTarget as sharedAliasTarget } from '../../../shared/genre-key';

/**
 * Genre ids (ours, like "hiphop") are shown by their display name ("Hip-Hop"); genres of a
 * personal model are already in the user's spelling and shown as they are.
 */
export function displayName(genre: string | null | undefined, names: Settings['displayNames'] | undefined): string {
  if (!genre) return '—';
  return names?.[genre] ?? genre;
}

/**
 * The genre id a tag value stands for, only through the explicit alias table, compared by the
 * one genre-name rule the core uses (genreMatchKey: case, spaces and punctuation aside, never
 * fuzzy), so "heavy-metal" is the alias "heavy metal". Null when no alias names it.
 */
export function aliasTarget(tag: string, aliases: Settings['aliases'] | undefined): string | null {
  return aliases ? (sharedAliasTarget(tag, aliases) ?? null) : null;
}
