import { createHash } from 'node:crypto';
import { readFileSync, statSync, unlinkSync } from 'node:fs';
import { prepareOutputFolder } from './output-folder.js';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { removeStaleTempFiles, syncDirectory, writeFileAtomic } from './atomic-write.js';
import { assignFileNames } from './filenames.js';
import { formatM3u8 } from './m3u8.js';
import { foldText } from './order.js';
import { removeAction, writeAction, type ExistingFile } from './ownership.js';
import { MANIFEST_NAME, readManifest, writeManifest, type Manifest, type ManifestEntry } from './manifest.js';
import { formatPls } from './pls.js';
import { openPlaylistSource, selectPlaylists, type PlaylistSourceKind } from './select.js';
import type { GenrePlaylist, PlaylistFormat } from './types.js';
import { formatXspf } from './xspf.js';
import { KindedError } from '../../shared/api/contract.js';

type Formatter = (playlist: GenrePlaylist, playlistDir: string) => string;

const FORMATTERS: Readonly<Record<PlaylistFormat, Formatter>> = {
  m3u8: formatM3u8,
  pls: formatPls,
  xspf: formatXspf,
};

export interface WrittenPlaylist {
  readonly genre: string;
  readonly name: string;
  /** Absolute path of the playlist file. */
  readonly file: string;
  readonly tracks: number;
  /** The file already had exactly this content, so it was not rewritten. */
  readonly unchanged: boolean;
}

export type SkipReason = 'not-ours' | 'edited' | 'not-a-file' | 'write-failed';

export interface SkippedPlaylist {
  readonly genre: string;
  readonly name: string;
  readonly file: string;
  readonly reason: SkipReason;
  readonly message: string;
}

export interface ExportResult {
  readonly out: string;
  readonly format: PlaylistFormat;
  readonly playlists: readonly WrittenPlaylist[];
  /** Absolute paths of playlists not written (see `details.skipped` for why). */
  readonly skipped: readonly string[];
  /** Absolute paths of playlists from an earlier export whose genre is now empty. */
  readonly removed: readonly string[];
  /** One line each, for people: what was left alone and what to do about it. */
  readonly warnings: readonly string[];
  readonly details: { readonly skipped: readonly SkippedPlaylist[] };
}

export interface ExportOptions {
  readonly out: string;
  readonly format: PlaylistFormat;
  readonly now?: () => Date;
  /**
   * Delete this format's playlists whose genre is now empty (default true). False for a playlist
   * written on its own beside the genre playlists (a similarity path), which must leave them be.
   */
  readonly prune?: boolean;
}

/** The export folder cannot be used at all (as opposed to one playlist that could not be written). */
export class PlaylistExportError extends KindedError {
  override name = 'PlaylistExportError';
  constructor(message: string) {
    super('bad-request', message);
  }
}

interface Planned {
  readonly playlist: GenrePlaylist;
  readonly file: string;
  readonly content: string;
  readonly hash: string;
  /** Hash of the file being replaced, when it is ours. */
  readonly previous: string | null;
}

/**
 * Writes one playlist per non-empty genre into `out` and keeps the folder's manifest, by these
 * rules:
 * - A file Genrewise wrote (listed in the manifest with its current content hash) is replaced;
 *   if its content would not change it is not touched at all. A file byte-identical to what
 *   would be written is taken as ours too (a lost manifest heals itself).
 * - A file with the same name that Genrewise did not write, or that was edited since, is never
 *   overwritten: that playlist is skipped with a warning (rename or delete the file and export
 *   again). Skipping rather than writing "Rock (2).m3u8" keeps players' playlist lists free of
 *   near-duplicates that would pile up on every export.
 * - Files of this format that Genrewise wrote for genres that are now empty are deleted, unless
 *   edited since (then they are kept and forgotten). Files of other formats are left alone, so
 *   exporting M3U8 and XSPF into one folder keeps both. When no genre has any track at all
 *   (nothing analysed or reviewed yet), nothing is removed: that is a premature export, not a
 *   library without genres.
 * Every file and the manifest are written atomically; a crash leaves each file old or new and
 * the next run recognises both.
 */
export function exportPlaylists(playlists: readonly GenrePlaylist[], options: ExportOptions): ExportResult {
  const now = (options.now ?? (() => new Date()))().toISOString();
  const out = path.resolve(options.out);
  prepareFolder(out);
  removeStaleTempFiles(out);

  const { manifest, warning: manifestWarning } = readManifest(out);
  const warnings: string[] = manifestWarning ? [manifestWarning] : [];
  const ours = new Map(manifest.files.map((e) => [e.file, e]));
  const oursFolded = new Map(manifest.files.map((e) => [foldText(e.file), e]));
  /**
   * Our entry for `file`: listed under that exact name, or under another spelling that the file
   * system maps to the same file (Windows and macOS ignore case, so "Hip-Hop.m3u8" written
   * earlier is the file now asked for as "hip-hop.m3u8").
   */
  const entryFor = (file: string): ManifestEntry | undefined => {
    const exact = ours.get(file);
    if (exact) return exact;
    const other = oursFolded.get(foldText(file));
    return other && isSameFile(path.join(out, other.file), path.join(out, file)) ? other : undefined;
  };

  const nonEmpty = playlists.filter((p) => p.tracks.length > 0);
  const fileNames = assignFileNames(
    nonEmpty.map((p) => p.name),
    options.format,
  );
  const formatter = FORMATTERS[options.format];
  const newEntry = (
    playlist: GenrePlaylist,
    file: string,
    hashes: readonly string[],
    writtenAt: string,
  ): ManifestEntry => ({
    file,
    format: options.format,
    genre: playlist.genre,
    name: playlist.name,
    sha256: hashes,
    tracks: playlist.tracks.length,
    writtenAt,
  });
  const result = (playlist: GenrePlaylist, file: string, unchanged: boolean): WrittenPlaylist => ({
    genre: playlist.genre,
    name: playlist.name,
    file: path.join(out, file),
    tracks: playlist.tracks.length,
    unchanged,
  });

  const planned: Planned[] = [];
  const written: WrittenPlaylist[] = [];
  const skipped: SkippedPlaylist[] = [];
  // Manifest entries for files that end this run as ours without being rewritten.
  const settled: ManifestEntry[] = [];
  nonEmpty.forEach((playlist, i) => {
    const file = fileNames[i] ?? '';
    const target = path.join(out, file);
    const content = formatter(playlist, out);
    const hash = sha256(content);
    const existing = inspect(target);
    const entry = entryFor(file);
    const leftAlone = `left as it is, so playlist "${playlist.name}" was not written (rename or delete that file to get it)`;
    switch (writeAction(existing, entry?.sha256, hash)) {
      case 'write':
        planned.push({ playlist, file, content, hash, previous: existing.kind === 'file' ? existing.hash : null });
        break;
      case 'unchanged':
        written.push(result(playlist, file, true));
        settled.push(newEntry(playlist, file, [hash], entry?.writtenAt ?? now));
        break;
      case 'skip-not-a-file':
        skipped.push(
          skip(
            playlist,
            target,
            'not-a-file',
            `${target} exists and is not a regular file; playlist "${playlist.name}" not written`,
          ),
        );
        break;
      case 'skip-edited':
        skipped.push(skip(playlist, target, 'edited', `${target} was edited since Genrewise wrote it; ${leftAlone}`));
        // Still listed as once ours, so the next export says the same thing (not "not written by Genrewise").
        if (entry) settled.push(entry);
        break;
      case 'skip-not-ours':
        skipped.push(skip(playlist, target, 'not-ours', `${target} was not written by Genrewise; ${leftAlone}`));
        break;
    }
  });
  for (const s of skipped) warnings.push(s.message);

  const claimed = new Set(fileNames);
  const claimedFolded = new Map(fileNames.map((f) => [foldText(f), f]));
  // Other formats' files stay listed as they are; this format's unclaimed files are now-empty genres.
  const prune = options.prune ?? true;
  const untouched: ManifestEntry[] = manifest.files.filter(
    (e) => (e.format !== options.format || !prune) && !claimed.has(e.file),
  );
  let stale = manifest.files.filter((e) => prune && e.format === options.format && !claimed.has(e.file));
  // Every genre empty at once means the source has nothing yet (no analysis, no review), not
  // that the library lost all its genres: keep the earlier export instead of wiping it.
  if (nonEmpty.length === 0 && stale.length > 0) {
    warnings.push(
      `no genre has tracks, so the ${stale.length} playlist${stale.length === 1 ? '' : 's'} already in ${out} were left as they are`,
    );
    untouched.push(...stale);
    stale = [];
  }

  // Before touching any file, record what is about to be written, so a crash midway leaves
  // every file (old or new content) recognisable as ours.
  if (planned.length > 0) {
    saveManifest(out, {
      files: sortEntries([
        ...untouched,
        ...stale,
        ...settled,
        ...planned.map((p) => newEntry(p.playlist, p.file, p.previous ? [p.previous, p.hash] : [p.hash], now)),
      ]),
    });
  }

  const finalEntries: ManifestEntry[] = [...untouched, ...settled];
  for (const p of planned) {
    const target = path.join(out, p.file);
    try {
      writeFileAtomic(target, p.content);
    } catch (err) {
      const message = `${target}: could not write playlist "${p.playlist.name}": ${(err as Error).message}`;
      skipped.push(skip(p.playlist, target, 'write-failed', message));
      warnings.push(message);
      // The old content, if it was ours, is still there and still ours.
      const previous = entryFor(p.file);
      if (p.previous && previous) finalEntries.push({ ...previous, sha256: [p.previous] });
      continue;
    }
    written.push(result(p.playlist, p.file, false));
    finalEntries.push(newEntry(p.playlist, p.file, [p.hash], now));
  }

  const removed: string[] = [];
  for (const entry of stale) {
    const target = path.join(out, entry.file);
    const respelled = claimedFolded.get(foldText(entry.file));
    // The same file, now written under a new spelling of its name: nothing to remove.
    if (respelled !== undefined && isSameFile(target, path.join(out, respelled))) continue;
    switch (removeAction(inspect(target), entry.sha256)) {
      case 'gone':
        break;
      case 'keep-not-a-file':
        warnings.push(`${target}: genre "${entry.name}" is now empty, but this is no longer a playlist file; kept`);
        break;
      case 'keep-edited':
        warnings.push(
          `${target}: genre "${entry.name}" is now empty, but the file was edited since Genrewise wrote it; kept`,
        );
        break;
      case 'remove':
        try {
          unlinkSync(target);
          removed.push(target);
        } catch (err) {
          warnings.push(
            `${target}: could not remove the playlist of "${entry.name}", which is now empty: ${(err as Error).message}`,
          );
          finalEntries.push(entry);
        }
        break;
    }
  }
  if (removed.length > 0) syncDirectory(out);

  const finalManifest = { files: sortEntries(finalEntries) };
  if (manifestWarning !== null || JSON.stringify(finalManifest.files) !== JSON.stringify(sortEntries(manifest.files))) {
    saveManifest(out, finalManifest);
  }

  const order = new Map(fileNames.map((f, i) => [path.join(out, f), i]));
  written.sort((a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0));
  return {
    out,
    format: options.format,
    playlists: written,
    skipped: skipped.map((s) => s.file),
    removed,
    warnings,
    details: { skipped },
  };
}

export interface LibraryExportOptions extends ExportOptions {
  readonly source: PlaylistSourceKind;
  readonly minConfidence?: number;
}

export interface LibraryExportResult extends ExportResult {
  readonly source: PlaylistSourceKind;
}

/** What the CLI and the app call: select the library's genres by source, then export. */
export function exportLibraryPlaylists(db: Database, options: LibraryExportOptions): LibraryExportResult {
  const source = openPlaylistSource(
    db,
    options.source,
    options.minConfidence === undefined ? {} : { minConfidence: options.minConfidence },
  );
  const result = exportPlaylists(selectPlaylists(source), options);
  return { ...result, source: options.source };
}

function inspect(target: string): ExistingFile {
  try {
    if (!statSync(target).isFile()) return { kind: 'other' };
    return { kind: 'file', hash: sha256(readFileSync(target)) };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'other' };
  }
}

function isSameFile(a: string, b: string): boolean {
  try {
    const x = statSync(a, { bigint: true });
    const y = statSync(b, { bigint: true });
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}

function prepareFolder(out: string): void {
  try {
    prepareOutputFolder(out);
  } catch (err) {
    throw new PlaylistExportError((err as Error).message);
  }
}

function saveManifest(out: string, manifest: Manifest): void {
  try {
    writeManifest(out, manifest);
  } catch (err) {
    throw new PlaylistExportError(
      `cannot write the playlist list ${path.join(out, MANIFEST_NAME)}: ${(err as Error).message}`,
    );
  }
}

function skip(playlist: GenrePlaylist, file: string, reason: SkipReason, message: string): SkippedPlaylist {
  return { genre: playlist.genre, name: playlist.name, file, reason, message };
}

function sha256(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

function sortEntries(entries: readonly ManifestEntry[]): ManifestEntry[] {
  return [...entries].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}
