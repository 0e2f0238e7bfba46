import type { Database } from 'better-sqlite3';

/** One forward-only schema step. `version` is unique and increasing; never edit a released one. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Database): void;
}
