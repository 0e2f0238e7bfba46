import type { Command } from '../command.js';
import { flagOption, numberOption, writeJson } from '../command.js';
import { UsageError } from '../errors.js';
import { DB_HELP, DB_OPTION, openLibraryFromArgs } from '../library-option.js';
import type { FileError } from '../../../shared/api/types.js';
import type { Database } from '../../library/db.js';
import { listAnalysisFailures } from '../../analysis/store.js';
import { MIN_ANALYSABLE_SEC } from '../../analysis/windows.js';
import { listScanErrors } from '../../library/tracks.js';
import { listWriteFailures } from '../../tags/write-failures.js';

/** One entry of the list: what every stage reports, plus whether a file or a folder failed. */
type ErrorEntry = FileError & { readonly target: 'file' | 'folder' };

export const errorsCommand: Command = {
  name: 'errors',
  help: `Usage: genrewise errors [--db P] [--limit N] [--json]

Lists every file (and folder) the scanner could not read, then every file whose audio could not
be analysed, then every file whose latest tag write failed (as the app's Problems screen does),
with the kind of problem. Scan:
  empty            zero-byte file
  truncated        the file ends early: inside its headers, or an mp3 shorter than its header says
  not-audio        not audio at all, despite the extension
  corrupt          an audio container the tag reader rejected
  permission       access denied
  unreadable       I/O error, vanished during the scan, dangling link, not a regular file
  bad-name         name is not valid UTF-8 (rename it to add it)
  loop             symbolic link back into a folder already scanned
Analysis:
  missing          the file is gone since the scan
  unreadable       ffmpeg cannot parse the container or stream
  no-audio-stream  a container without audio (video only, cover art only)
  no-audio         the stream decoded to no samples
  ffmpeg-failed    ffmpeg failed otherwise (its last error line is shown)
  too-short        less than ${MIN_ANALYSABLE_SEC} s of audio
  extract          digital silence (nothing above -80 dBFS), or the features came out invalid
  timeout          the analysis took too long and was stopped
  crashed          the analysis worker died on this file
  internal         a bug in genrewise: please report it
Write: the kinds \`write-tags\` and \`undo\` report (read-only, locked, changed-since-scan, …).
A scan entry disappears when a later scan reads the file fine or no longer finds it; an analysis
entry when the file changes and analyses fine (or with \`genrewise analyze --retry-errors\`); a
write entry when a later write of the file succeeds.

  --limit N     at most N entries
  --json        print [{"path","stage","kind","message","at","target"}] (stage: scan, analysis
                or write)
${DB_HELP}`,
  options: { ...DB_OPTION, limit: { type: 'string' }, json: { type: 'boolean' } },
  async run(args, ctx) {
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument ${args.positionals[0]}`);
    const limit = numberOption(args, 'limit', (n) => Number.isInteger(n) && n > 0);
    const db = openLibraryFromArgs(args, ctx, { mustExist: true });
    try {
      // The library stage must not know the analysis or tags stages, so the three lists meet here.
      const scan: ErrorEntry[] = listScanErrors(db, limit !== undefined ? { limit } : {});
      const analysis = fileEntries(db, listAnalysisFailures, roomAfter(limit, scan));
      const write = fileEntries(db, listWriteFailures, roomAfter(limit, scan, analysis));
      const errors = [...scan, ...analysis, ...write];
      if (flagOption(args, 'json')) {
        writeJson(ctx, errors);
        return 0;
      }
      if (errors.length === 0) {
        ctx.stdout.write('No scan, analysis or write errors.\n');
        return 0;
      }
      const width = Math.max(...errors.map((e) => e.kind.length));
      for (const [title, entries] of [
        ['Scan', scan],
        ['Analysis', analysis],
        ['Write', write],
      ] as const) {
        if (entries.length === 0) continue;
        ctx.stdout.write(`${title} (${entries.length}):\n`);
        for (const e of entries) {
          ctx.stdout.write(
            `${e.kind.padEnd(width)}  ${e.path}${e.target === 'folder' ? '/' : ''}\n${' '.repeat(width)}  ${e.message}\n`,
          );
        }
      }
      ctx.stdout.write(`${errors.length} entr${errors.length === 1 ? 'y' : 'ies'}\n`);
      return 0;
    } finally {
      db.close();
    }
  },
};

/** What --limit leaves after the lists already taken; undefined without a limit. */
function roomAfter(limit: number | undefined, ...taken: readonly (readonly unknown[])[]): number | undefined {
  return limit === undefined ? undefined : limit - taken.reduce((n, list) => n + list.length, 0);
}

/** One stage's failed files, at most `room` of them. */
function fileEntries(
  db: Database,
  list: (db: Database, options: { readonly limit?: number }) => FileError[],
  room: number | undefined,
): ErrorEntry[] {
  if (room !== undefined && room <= 0) return [];
  return list(db, room !== undefined ? { limit: room } : {}).map((e) => ({ ...e, target: 'file' as const }));
}
