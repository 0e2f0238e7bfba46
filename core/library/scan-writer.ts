import type { Database, Statement } from 'better-sqlite3';
import type { TrackTags } from './track-tags.js';
import type { ScanErrorKind } from './scan-error-kind.js';
import { SearchFill } from './track-search-fill.js';
import type { WalkedFile } from './walk.js';

export interface ErrorRecord {
  readonly rootId: number;
  readonly path: string;
  readonly target: 'file' | 'folder';
  readonly kind: ScanErrorKind;
  readonly message: string;
  readonly size?: number;
  readonly mtimeMs?: number;
}

export interface ScanWriterOptions {
  /** Operations per transaction. */
  readonly batchSize?: number;
  /** Commit at least this often, so a killed scan loses little and readers see progress. */
  readonly maxDelayMs?: number;
}

/**
 * Queues the scan's changes and commits them in transactions of a few hundred rows (one fsync
 * per batch instead of per file). Every batch is atomic, so a scan killed at any point leaves a
 * consistent database; what it had not committed is simply done again by the next scan.
 */
export class ScanWriter {
  private readonly pending: (() => void)[] = [];
  private lastFlush = Date.now();
  private readonly batchSize: number;
  private readonly maxDelayMs: number;
  private readonly upsertTrack: Statement;
  private readonly moveTrackStmt: Statement;
  private readonly goneStmt: Statement;
  private readonly upsertError: Statement;
  private readonly clearErrorStmt: Statement;
  private readonly deleteErrorStmt: Statement;
  private readonly commit: (ops: readonly (() => void)[]) => void;

  constructor(db: Database, options: ScanWriterOptions = {}) {
    this.batchSize = options.batchSize ?? 500;
    this.maxDelayMs = options.maxDelayMs ?? 1000;
    this.upsertTrack = db.prepare(`
      INSERT INTO tracks (root_id, path, size, mtime_ms, fingerprint, format, container, codec, duration_sec,
                          sample_rate, channels, bitrate, title, artist, album, album_artist, year, track_no,
                          disc_no, genres, status, added_at, updated_at, gone_at)
      VALUES (@rootId, @path, @size, @mtimeMs, @fingerprint, @format, @container, @codec, @durationSec,
              @sampleRate, @channels, @bitrate, @title, @artist, @album, @albumArtist, @year, @trackNo,
              @discNo, @genres, 'present', @now, @now, NULL)
      ON CONFLICT(path) DO UPDATE SET
        root_id = excluded.root_id, size = excluded.size, mtime_ms = excluded.mtime_ms,
        fingerprint = excluded.fingerprint, format = excluded.format, container = excluded.container,
        codec = excluded.codec, duration_sec = excluded.duration_sec, sample_rate = excluded.sample_rate,
        channels = excluded.channels, bitrate = excluded.bitrate, title = excluded.title,
        artist = excluded.artist, album = excluded.album, album_artist = excluded.album_artist,
        year = excluded.year, track_no = excluded.track_no, disc_no = excluded.disc_no,
        genres = excluded.genres, status = 'present', updated_at = excluded.updated_at, gone_at = NULL`);
    this.moveTrackStmt = db.prepare(
      `UPDATE tracks SET path = ?, root_id = ?, mtime_ms = ?, status = 'present', gone_at = NULL, updated_at = ? WHERE id = ?`,
    );
    this.goneStmt = db.prepare(
      `UPDATE tracks SET status = 'gone', gone_at = ?, updated_at = ? WHERE id = ? AND status = 'present'`,
    );
    this.upsertError = db.prepare(`
      INSERT INTO scan_errors (root_id, path, target, kind, message, size, mtime_ms, at)
      VALUES (@rootId, @path, @target, @kind, @message, @size, @mtimeMs, @now)
      ON CONFLICT(path) DO UPDATE SET root_id = excluded.root_id, target = excluded.target, kind = excluded.kind,
        message = excluded.message, size = excluded.size, mtime_ms = excluded.mtime_ms, at = excluded.at`);
    this.clearErrorStmt = db.prepare('DELETE FROM scan_errors WHERE path = ?');
    this.deleteErrorStmt = db.prepare('DELETE FROM scan_errors WHERE id = ?');
    // The batch's new tracks enter the search index in one statement at its end (SearchFill).
    const searchFill = new SearchFill(db);
    this.commit = db.transaction((ops: readonly (() => void)[]) => {
      searchFill.around(() => {
        for (const op of ops) op();
      });
    });
  }

  storeTrack(rootId: number, file: WalkedFile, tags: TrackTags, fingerprint: string): void {
    this.queue(() =>
      this.upsertTrack.run({
        rootId,
        path: file.path,
        size: file.size,
        mtimeMs: file.mtimeMs,
        fingerprint,
        format: file.extension,
        container: tags.container,
        codec: tags.codec,
        durationSec: tags.durationSec,
        sampleRate: tags.sampleRate,
        channels: tags.channels,
        bitrate: tags.bitrate,
        title: tags.title,
        artist: tags.artist,
        album: tags.album,
        albumArtist: tags.albumArtist,
        year: tags.year,
        trackNo: tags.trackNo,
        discNo: tags.discNo,
        genres: JSON.stringify(tags.genres),
        now: new Date().toISOString(),
      }),
    );
  }

  /** The file at `file.path` is the track `id` moved there: same row, so everything attached stays. */
  moveTrack(id: number, rootId: number, file: WalkedFile): void {
    this.queue(() => this.moveTrackStmt.run(file.path, rootId, file.mtimeMs, new Date().toISOString(), id));
  }

  markGone(id: number): void {
    this.queue(() => {
      const now = new Date().toISOString();
      this.goneStmt.run(now, now, id);
    });
  }

  recordError(error: ErrorRecord): void {
    this.queue(() =>
      this.upsertError.run({
        rootId: error.rootId,
        path: error.path,
        target: error.target,
        kind: error.kind,
        message: error.message,
        size: error.size ?? null,
        mtimeMs: error.mtimeMs ?? null,
        now: new Date().toISOString(),
      }),
    );
  }

  clearError(path: string): void {
    this.queue(() => this.clearErrorStmt.run(path));
  }

  deleteError(id: number): void {
    this.queue(() => this.deleteErrorStmt.run(id));
  }

  /** Commits everything queued. */
  flush(): void {
    if (this.pending.length === 0) return;
    const ops = this.pending.splice(0, this.pending.length);
    this.commit(ops);
    this.lastFlush = Date.now();
  }

  private queue(op: () => void): void {
    this.pending.push(op);
    if (this.pending.length >= this.batchSize || Date.now() - this.lastFlush >= this.maxDelayMs) this.flush();
  }
}
