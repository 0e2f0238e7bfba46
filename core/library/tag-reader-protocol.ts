import type { TrackReadResult } from './read-track.js';

/** Messages between the scanner and its tag-reader worker threads. */
export type TagReaderRequest =
  | {
      readonly id: number;
      readonly kind: 'read';
      readonly path: string;
      readonly size: number;
      readonly extension: string;
    }
  | { readonly id: number; readonly kind: 'fingerprint'; readonly path: string; readonly size: number };

export type TagReaderResponse =
  /** Sent once the worker's modules are loaded: a worker that dies before this cannot start at all. */
  | { readonly id: 0; readonly kind: 'ready' }
  | { readonly id: number; readonly kind: 'read'; readonly result: TrackReadResult }
  | { readonly id: number; readonly kind: 'fingerprint'; readonly fingerprint: string | null };

/** How a worker reads files (passed as workerData). */
export interface TagReaderWorkerOptions {
  /**
   * 'sync' costs the least CPU per file when the files are in the page cache; 'async' keeps
   * several reads in flight, which is what a cold disk needs; 'adaptive' switches between them
   * by observed read times (see AdaptiveFileIo).
   */
  readonly io: 'sync' | 'async' | 'adaptive';
  /** Files a worker works on at once (with 'sync' I/O they are still read one after another). */
  readonly inFlight: number;
}
