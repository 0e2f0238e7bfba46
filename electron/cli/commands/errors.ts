import type { Command } from '../command.js';
import { flagOption, numberOption, writeJson } from '../command.js';
import { UsageError } from '../errors.js';
import { DB_HELP, DB_OPTION, openLibraryFromArgs } from '../library-option.js';
import { listScanErrors } from '../../library/tracks.js';

export const errorsCommand: Command = {
  name: 'errors',
  summary: 'list files and folders the last scans could not read, with reasons',
  help: `Usage: genrewise errors [--db P] [--limit N] [--json]

Lists every file (and folder) the scanner could not read, with the kind of problem:
  empty       zero-byte file
  truncated   the file ends inside its own headers (interrupted copy or download)
  not-audio   not audio at all, despite the extension
  corrupt     an audio container the tag reader rejected
  permission  access denied
  unreadable  I/O error, vanished during the scan, dangling link, not a regular file
  bad-name    name is not valid UTF-8 (rename it to add it)
  loop        symbolic link back into a folder already scanned
An entry disappears when a later scan reads the file fine or no longer finds it.

  --limit N     at most N entries
  --json        print [{"path","kind","message","target","stage","at"}]
${DB_HELP}`,
  options: { ...DB_OPTION, limit: { type: 'string' }, json: { type: 'boolean' } },
  async run(args, ctx) {
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument ${args.positionals[0]}`);
    const limit = numberOption(args, 'limit', (n) => Number.isInteger(n) && n > 0);
    const db = openLibraryFromArgs(args, ctx, { mustExist: true });
    try {
      const errors = listScanErrors(db, limit !== undefined ? { limit } : {});
      if (flagOption(args, 'json')) {
        writeJson(ctx, errors);
        return 0;
      }
      if (errors.length === 0) {
        ctx.stdout.write('No scan errors.\n');
        return 0;
      }
      const width = Math.max(...errors.map((e) => e.kind.length));
      for (const e of errors) {
        ctx.stdout.write(`${e.kind.padEnd(width)}  ${e.path}${e.target === 'folder' ? '/' : ''}\n${' '.repeat(width)}  ${e.message}\n`);
      }
      ctx.stdout.write(`${errors.length} entr${errors.length === 1 ? 'y' : 'ies'}\n`);
      return 0;
    } finally {
      db.close();
    }
  },
};
