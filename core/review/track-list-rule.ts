import type { Database } from 'better-sqlite3';
import { getSetting } from '../library/settings.js';

/**
 * What `track_list`'s rows depend on beyond the tracks' own data, summed up in
 * `track_list_rule.stamp` (schema.ts): the sort keys on the library folders (and the rule's
 * version), the status also on the threshold, aliases and display names. New folders make every
 * row dirty; a new threshold, aliases or display names only every status, which the refresh
 * recomputes in a sweep over the rows in id order (track-list.ts), its position stored with the
 * stamp so any connection, or the next run, carries on where it stopped. Marking costs nothing
 * then, where inserting every track into a dirty table took 0.1 s at 100,000 tracks.
 */

/** Bumped whenever the rows' derivation changes, so every library recomputes them once. */
const RULE_VERSION = 1;

export interface RuleStamp {
  readonly keys: string;
  readonly status: string;
}

/** The stored rule: its stamp, and while statuses are being swept, the last track id done. */
export interface StoredRule {
  readonly stamp: string;
  /** null: every status follows the stamp. */
  readonly after: number | null;
}

export function ruleStamp(db: Database): RuleStamp {
  const folders = db.prepare('SELECT path FROM roots ORDER BY path').pluck().all() as string[];
  return {
    keys: JSON.stringify([RULE_VERSION, folders]),
    status: JSON.stringify([
      getSetting(db, 'reviewThreshold'),
      getSetting(db, 'aliases'),
      getSetting(db, 'displayNames'),
    ]),
  };
}

export function storedRule(db: Database): StoredRule | undefined {
  const text = db.prepare('SELECT stamp FROM track_list_rule WHERE id = 1').pluck().get() as string | undefined;
  if (text === undefined) return undefined;
  const value = JSON.parse(text) as { statusSweep?: unknown; after?: unknown };
  return typeof value.statusSweep === 'string'
    ? { stamp: value.statusSweep, after: typeof value.after === 'number' ? value.after : 0 }
    : { stamp: text, after: null };
}

export function storeRule(db: Database, rule: StoredRule): void {
  const text = rule.after === null ? rule.stamp : JSON.stringify({ statusSweep: rule.stamp, after: rule.after });
  db.prepare(
    'INSERT INTO track_list_rule (id, stamp) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET stamp = excluded.stamp',
  ).run(text);
}

/**
 * Applies a change of the rule: new library folders (or no rule yet) mark every row dirty, a new
 * threshold, aliases or display names start a sweep of every status. Returns the current stamp.
 */
export function markRuleChange(db: Database): string {
  const rule = ruleStamp(db);
  const stamp = JSON.stringify(rule);
  const stored = storedRule(db);
  if (stored?.stamp === stamp) return stamp;
  const before = stored === undefined ? undefined : (JSON.parse(stored.stamp) as Partial<RuleStamp>);
  db.transaction(() => {
    const keysChanged = before?.keys !== rule.keys;
    if (keysChanged) db.prepare('INSERT OR IGNORE INTO track_list_dirty (track_id) SELECT id FROM tracks').run();
    storeRule(db, { stamp, after: keysChanged ? null : 0 });
  })();
  return stamp;
}

/** Whether the rule has work left: a change not yet applied, or a sweep of statuses under way. */
export function rulePending(db: Database): boolean {
  const stored = storedRule(db);
  return stored?.stamp !== JSON.stringify(ruleStamp(db)) || stored.after !== null;
}
