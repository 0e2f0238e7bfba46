import type { CountBy, Settings } from '../../../../shared/api/types';
import { aliasTarget, displayName } from '../../lib/genre-names';

export interface GenreBar {
  readonly name: string;
  readonly tagged: number;
  readonly predicted: number;
}

/**
 * Tag values and predictions side by side under one name per genre: a tag counts toward a genre
 * only when the alias table maps it there; other tags keep their own spelling. The largest
 * `limit - 1` genres get a row each, the rest are summed into "Other".
 */
export function genreBars(
  byGenre: readonly CountBy[],
  byPredicted: readonly CountBy[],
  settings: Settings | null,
  limit = 12,
): GenreBar[] {
  const rows = new Map<string, { tagged: number; predicted: number }>();
  const row = (name: string): { tagged: number; predicted: number } => {
    let r = rows.get(name);
    if (!r) {
      r = { tagged: 0, predicted: 0 };
      rows.set(name, r);
    }
    return r;
  };
  for (const { key, count } of byGenre) {
    const id = aliasTarget(key, settings?.aliases);
    row(id ? displayName(id, settings?.displayNames) : key).tagged += count;
  }
  for (const { key, count } of byPredicted) row(displayName(key, settings?.displayNames)).predicted += count;
  const sorted = [...rows.entries()]
    .map(([name, r]) => ({ name, ...r }))
    .sort((a, b) => Math.max(b.tagged, b.predicted) - Math.max(a.tagged, a.predicted) || a.name.localeCompare(b.name));
  if (sorted.length <= limit) return sorted;
  const head = sorted.slice(0, limit - 1);
  const rest = sorted.slice(limit - 1);
  return [
    ...head,
    {
      name: `Other (${rest.length})`,
      tagged: rest.reduce((s, r) => s + r.tagged, 0),
      predicted: rest.reduce((s, r) => s + r.predicted, 0),
    },
  ];
}
