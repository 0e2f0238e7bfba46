import type { Command } from '../command.js';
import { flagOption, numberOption, writeJson } from '../command.js';
import { EXIT_INTERRUPTED, EXIT_OK, EXIT_PARTIAL, FatalError, UsageError } from '../errors.js';
import { DB_HELP, DB_OPTION, openLibraryFromArgs } from '../library-option.js';
import { ProgressBar } from '../progress.js';
import { listRoots } from '../../library/roots.js';
import {
  scanFolders,
  ScanFolderError,
  scanKnownRoots,
  type ScanProgress,
  type ScanSummary,
} from '../../library/scan.js';

/** Exit status of a scan stopped by Ctrl-C: the shell convention for SIGINT (128 + 2). */

export const scanCommand: Command = {
  name: 'scan',
  help: `Usage: genrewise scan [folder…] [--db P] [--json]

Reads the tags of every audio file under the folders (mp3 flac ogg oga opus m4a mp4 aac wav aif
aiff wma ape wv mpc) into the library. Each folder becomes a library folder; with no folder,
every library folder is scanned again. Rescans read only new and changed files (size or
modification time), mark vanished files as gone and recognise moved or renamed files, which
keep everything attached to them. Files that cannot be read are listed by \`genrewise errors\`.
Hidden files and folders (macOS \`._*\` files, .DS_Store) and Thumbs.db are passed over silently.

Ctrl-C stops at the next file; what was read is saved and the next scan finishes the job.

  --json            print {"files","added","updated","unchanged","removed","errors",…}
  --concurrency N   files read at once (default 24)
  --exclude GLOB    leave out files and folders matching GLOB (repeatable): a name at any depth
                    ("Podcasts", "*.wav") or a path from the library folder ("Live/**"); add
                    lasting ones with \`genrewise settings scan.exclude '["Podcasts"]'\`
${DB_HELP}

Exit status: 0 done, 1 done but some files could not be read, 2 bad usage or fatal error,
130 interrupted.`,
  options: {
    ...DB_OPTION,
    json: { type: 'boolean' },
    concurrency: { type: 'string' },
    exclude: { type: 'string', multiple: true },
  },
  async run(args, ctx) {
    const json = flagOption(args, 'json');
    const concurrency = numberOption(args, 'concurrency', (n) => Number.isInteger(n) && n >= 1 && n <= 256);
    const db = openLibraryFromArgs(args, ctx);
    const walkBar = new ProgressBar(ctx.stderr, ctx.interactive, 'looking for audio files:');
    const readBar = new ProgressBar(ctx.stderr, ctx.interactive, 'reading tags');
    let phase: ScanProgress['phase'] = 'walk';
    const onProgress = (p: ScanProgress): void => {
      if (p.phase === 'walk') {
        walkBar.update(p.found, undefined, 'found');
      } else {
        if (phase === 'walk') walkBar.finish();
        phase = 'read';
        readBar.update(p.done, p.total);
      }
    };
    let summary: ScanSummary;
    try {
      const exclude = args.values.exclude;
      const options = {
        signal: ctx.signal,
        onProgress,
        ...(concurrency !== undefined && { concurrency }),
        ...(Array.isArray(exclude) && { exclude: exclude.filter((e): e is string => typeof e === 'string') }),
      };
      if (args.positionals.length > 0) {
        summary = await scanFolders(db, args.positionals, options);
      } else {
        if (listRoots(db).length === 0)
          throw new UsageError('no folder given and the library has no folders yet: genrewise scan <folder…>');
        summary = await scanKnownRoots(db, options);
      }
    } catch (err) {
      if (err instanceof ScanFolderError) throw new FatalError(err.message);
      throw err;
    } finally {
      walkBar.finish();
      readBar.finish();
      db.close();
    }

    if (json) writeJson(ctx, summaryJson(summary));
    else ctx.stdout.write(describe(summary));
    if (summary.interrupted) {
      ctx.stderr.write('genrewise scan: interrupted; what was read is saved, run the same command again to finish\n');
      return EXIT_INTERRUPTED;
    }
    return summary.errors > 0 || summary.folderErrors > 0 ? EXIT_PARTIAL : EXIT_OK;
  },
};

/** The contract fields first, in the documented order, then the extras. */
function summaryJson(s: ScanSummary): Record<string, unknown> {
  return {
    files: s.files,
    added: s.added,
    updated: s.updated,
    unchanged: s.unchanged,
    removed: s.removed,
    errors: s.errors,
    moved: s.moved,
    parsed: s.parsed,
    folderErrors: s.folderErrors,
    interrupted: s.interrupted,
    elapsedSec: s.elapsedSec,
    folders: s.folders,
  };
}

function describe(s: ScanSummary): string {
  const lines = [
    `${s.interrupted ? 'Partly scanned' : 'Scanned'} ${s.folders.join(', ')}: ${s.files} audio files in ${s.elapsedSec.toFixed(1)} s`,
    `  ${s.added} added, ${s.updated} updated${s.moved > 0 ? ` (${s.moved} moved or renamed)` : ''}, ${s.unchanged} unchanged, ${s.removed} gone`,
  ];
  if (s.errors > 0 || s.folderErrors > 0) {
    const parts = [];
    if (s.errors > 0) parts.push(`${s.errors} file${s.errors === 1 ? '' : 's'} could not be read`);
    if (s.folderErrors > 0)
      parts.push(`${s.folderErrors} folder${s.folderErrors === 1 ? '' : 's'} could not be scanned`);
    lines.push(`  ${parts.join(', ')}: see \`genrewise errors\``);
  }
  return `${lines.join('\n')}\n`;
}
