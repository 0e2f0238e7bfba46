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
  const out = path.resolve(options.out);
  prepareFolder(out);
  removeStaleTempFiles(out);
  const run = startRun(out, options);
  const nonEmpty = playlists.filter((p) => p.tracks.length > 0);
  const fileNames = assignFileNames(
    nonEmpty.map((p) => p.name),
    options.format,
  );
  const plan = planWrites(run, nonEmpty, fileNames);
  const { untouched, stale } = splitEarlierFiles(run, fileNames, nonEmpty.length, options.prune ?? true);

  // Before touching any file, record what is about to be written, so a crash midway leaves
  // every file (old or new content) recognisable as ours.
  if (plan.planned.length > 0) {
    const pending = plan.planned.map((p) =>
      run.newEntry(p.playlist, p.file, p.previous ? [p.previous, p.hash] : [p.hash], run.now),
    );
    saveManifest(out, { files: sortEntries([...untouched, ...stale, ...plan.settled, ...pending]) });
  }
  const finalEntries: ManifestEntry[] = [...untouched, ...plan.settled];
  writePlanned(run, plan, finalEntries);
  const removed = removeStale(run, stale, fileNames, finalEntries);

  const finalManifest = { files: sortEntries(finalEntries) };
  const changed = JSON.stringify(finalManifest.files) !== JSON.stringify(sortEntries(run.manifest.files));
  if (run.manifestWarning !== null || changed) saveManifest(out, finalManifest);

  const order = new Map(fileNames.map((f, i) => [path.join(out, f), i]));
  plan.written.sort((a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0));
  return {
    out,
    format: options.format,
    playlists: plan.written,
    skipped: plan.skipped.map((s) => s.file),
    removed,
    warnings: run.warnings,
    details: { skipped: plan.skipped },
  };
}

/** One export into one folder: what its manifest said, and what the run has to say. */
interface ExportRun {
  readonly out: string;
  readonly format: PlaylistFormat;
  /** This run's time, ISO. */
  readonly now: string;
  readonly manifest: Manifest;
  /** Why the manifest could not be read as it was (then it is rewritten), or null. */
  readonly manifestWarning: string | null;
  /** One line each, for people; appended to as the run goes. */
  readonly warnings: string[];
  /**
   * Our entry for `file`: listed under that exact name, or under another spelling that the file
   * system maps to the same file (Windows and macOS ignore case, so "Hip-Hop.m3u8" written
   * earlier is the file now asked for as "hip-hop.m3u8").
   */
  entryFor(file: string): ManifestEntry | undefined;
  newEntry(playlist: GenrePlaylist, file: string, hashes: readonly string[], writtenAt: string): ManifestEntry;
  result(playlist: GenrePlaylist, file: string, unchanged: boolean): WrittenPlaylist;
}

function startRun(out: string, options: ExportOptions): ExportRun {
  const now = (options.now ?? (() => new Date()))().toISOString();
  const { manifest, warning } = readManifest(out);
  const ours = new Map(manifest.files.map((e) => [e.file, e]));
  const oursFolded = new Map(manifest.files.map((e) => [foldText(e.file), e]));
  return {
    out,
    format: options.format,
    now,
    manifest,
    manifestWarning: warning,
    warnings: warning ? [warning] : [],
    entryFor(file) {
      const exact = ours.get(file);
      if (exact) return exact;
      const other = oursFolded.get(foldText(file));
      return other && isSameFile(path.join(out, other.file), path.join(out, file)) ? other : undefined;
    },
    newEntry: (playlist, file, hashes, writtenAt) => ({
      file,
      format: options.format,
      genre: playlist.genre,
      name: playlist.name,
      sha256: hashes,
      tracks: playlist.tracks.length,
      writtenAt,
    }),
    result: (playlist, file, unchanged) => ({
      genre: playlist.genre,
      name: playlist.name,
      file: path.join(out, file),
      tracks: playlist.tracks.length,
      unchanged,
    }),
  };
}

interface WritePlan {
  readonly planned: Planned[];
  readonly written: WrittenPlaylist[];
  readonly skipped: SkippedPlaylist[];
  /** Manifest entries for files that end this run as ours without being rewritten. */
  readonly settled: ManifestEntry[];
}

/** What becomes of each non-empty genre's playlist: written, already so, or left alone (and why). */
function planWrites(run: ExportRun, nonEmpty: readonly GenrePlaylist[], fileNames: readonly string[]): WritePlan {
  const plan: WritePlan = { planned: [], written: [], skipped: [], settled: [] };
  const formatter = FORMATTERS[run.format];
  nonEmpty.forEach((playlist, i) => {
    const file = fileNames[i] ?? '';
    const target = path.join(run.out, file);
    const content = formatter(playlist, run.out);
    const hash = sha256(content);
    const existing = inspect(target);
    const entry = run.entryFor(file);
    const leftAlone = `left as it is, so playlist "${playlist.name}" was not written (rename or delete that file to get it)`;
    switch (writeAction(existing, entry?.sha256, hash)) {
      case 'write':
        plan.planned.push({ playlist, file, content, hash, previous: existing.kind === 'file' ? existing.hash : null });
        break;
      case 'unchanged':
        plan.written.push(run.result(playlist, file, true));
        plan.settled.push(run.newEntry(playlist, file, [hash], entry?.writtenAt ?? run.now));
        break;
      case 'skip-not-a-file':
        plan.skipped.push(
          skip(
            playlist,
            target,
            'not-a-file',
            `${target} exists and is not a regular file; playlist "${playlist.name}" not written`,
          ),
        );
        break;
      case 'skip-edited':
        plan.skipped.push(
          skip(playlist, target, 'edited', `${target} was edited since Genrewise wrote it; ${leftAlone}`),
        );
        // Still listed as once ours, so the next export says the same thing (not "not written by Genrewise").
        if (entry) plan.settled.push(entry);
        break;
      case 'skip-not-ours':
        plan.skipped.push(skip(playlist, target, 'not-ours', `${target} was not written by Genrewise; ${leftAlone}`));
        break;
    }
  });
  for (const s of plan.skipped) run.warnings.push(s.message);
  return plan;
}

/**
 * The manifest's entries this run does not write: `untouched` stay listed as they are (other
 * formats' files, or all of them when not pruning); `stale` are this format's files for genres
 * now empty, to be removed.
 */
function splitEarlierFiles(
  run: ExportRun,
  fileNames: readonly string[],
  nonEmpty: number,
  prune: boolean,
): { untouched: ManifestEntry[]; stale: ManifestEntry[] } {
  const claimed = new Set(fileNames);
  const files = run.manifest.files;
  const untouched = files.filter((e) => (e.format !== run.format || !prune) && !claimed.has(e.file));
  const stale = files.filter((e) => prune && e.format === run.format && !claimed.has(e.file));
  // Every genre empty at once means the source has nothing yet (no analysis, no review), not
  // that the library lost all its genres: keep the earlier export instead of wiping it.
  if (nonEmpty === 0 && stale.length > 0) {
    run.warnings.push(
      `no genre has tracks, so the ${stale.length} playlist${stale.length === 1 ? '' : 's'} already in ${run.out} were left as they are`,
    );
    return { untouched: [...untouched, ...stale], stale: [] };
  }
  return { untouched, stale };
}

/** Writes the planned playlists, each atomically; a failure skips that one and keeps its old entry. */
function writePlanned(run: ExportRun, plan: WritePlan, finalEntries: ManifestEntry[]): void {
  for (const p of plan.planned) {
    const target = path.join(run.out, p.file);
    try {
      writeFileAtomic(target, p.content);
    } catch (err) {
      const message = `${target}: could not write playlist "${p.playlist.name}": ${(err as Error).message}`;
      plan.skipped.push(skip(p.playlist, target, 'write-failed', message));
      run.warnings.push(message);
      // The old content, if it was ours, is still there and still ours.
      const previous = run.entryFor(p.file);
      if (p.previous && previous) finalEntries.push({ ...previous, sha256: [p.previous] });
      continue;
    }
    plan.written.push(run.result(p.playlist, p.file, false));
    finalEntries.push(run.newEntry(p.playlist, p.file, [p.hash], run.now));
  }
}

/** Deletes the playlists of genres now empty, unless edited since or no longer files; returns the deleted paths. */
function removeStale(
  run: ExportRun,
  stale: readonly ManifestEntry[],
  fileNames: readonly string[],
  finalEntries: ManifestEntry[],
): string[] {
  const claimedFolded = new Map(fileNames.map((f) => [foldText(f), f]));
  const removed: string[] = [];
  for (const entry of stale) {
    const target = path.join(run.out, entry.file);
    const respelled = claimedFolded.get(foldText(entry.file));
    // The same file, now written under a new spelling of its name: nothing to remove.
    if (respelled !== undefined && isSameFile(target, path.join(run.out, respelled))) continue;
    switch (removeAction(inspect(target), entry.sha256)) {
      case 'gone':
        break;
      case 'keep-not-a-file':
        run.warnings.push(`${target}: genre "${entry.name}" is now empty, but this is no longer a playlist file; kept`);
        break;
      case 'keep-edited':
        run.warnings.push(
          `${target}: genre "${entry.name}" is now empty, but the file was edited since Genrewise wrote it; kept`,
        );
        break;
      case 'remove':
        try {
          unlinkSync(target);
          removed.push(target);
        } catch (err) {
          run.warnings.push(
            `${target}: could not remove the playlist of "${entry.name}", which is now empty: ${(err as Error).message}`,
          );
          finalEntries.push(entry);
        }
        break;
    }
  }
  if (removed.length > 0) syncDirectory(run.out);
  return removed;
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
