import type { Database } from 'better-sqlite3';

export interface LargeLibraryVocabulary {
  /** Genre ids the predictions use. */
  readonly genres: readonly string[];
  /** Tag spelling of each genre id. */
  readonly displayNames: Readonly<Record<string, string>>;
  readonly analyzerVersion: string;
  readonly windowPolicy: string;
}

export interface LargeLibraryOptions {
  readonly tracks: number;
  readonly seed?: number;
  readonly vocabulary: LargeLibraryVocabulary;
}

export interface LargeLibrary {
  readonly tracks: number;
  /** Titles containing "Needle" (present, tagged, predicted): a search with a known answer. */
  readonly needles: number;
}

/** Fills a fresh, migrated library database (see large-library.js). */
export function buildLargeLibrary(db: Database, options: LargeLibraryOptions): LargeLibrary;
