import type { Command } from '../command.js';
import { flagOption, numberOption, stringOption, writeJson } from '../command.js';
import { EXIT_INTERRUPTED, EXIT_OK, EXIT_PARTIAL, UsageError } from '../errors.js';
import { DB_HELP, DB_OPTION, openLibraryFromArgs } from '../library-option.js';
import { ProgressBar } from '../progress.js';
import { failureLine } from '../failure-line.js';
import { writeBatch } from '../../tags/batch.js';
import { WRITE_MODES, type WriteMode } from '../../tags/modes.js';
import { selectTagWrites } from '../../tags/selection.js';

function parseMode(raw: string | undefined): WriteMode {
  if (raw === undefined) return 'replace';
  if (!(WRITE_MODES as readonly string[]).includes(raw))
    throw new UsageError(`--mode must be one of ${WRITE_MODES.join(', ')}`);
  return raw as WriteMode;
}

const show = (genres: readonly string[]): string => (genres.length ? genres.join('; ') : '(none)');

export const writeTagsCommand: Command = {
  name: 'write-tags',
  help: `Usage: genrewise write-tags [--db P] [--mode replace|add|fill] [--min-confidence X] [--only-decided]
                            [--keep-mtime] [--dry-run] [--json]

Writes each track's genre into the file's standard genre field: the genre you decided (accept,
choose or keep), or else the prediction when it is at least X confident (default: the accept
threshold setting) and not unlike the training music. Skipped tracks are never written.

Every file is written safely: a copy in the same folder gets the new tag, is synced, re-read by
an independent reader and checked (genre values exact, audio data byte-identical), then renamed
over the original. Anything that fails leaves the original untouched. Files changed since the
last scan, read-only or locked files are refused. Every batch is journaled: \`genrewise undo\`.

  --mode M           replace: only our genre (default); add: keep existing values, add ours;
                     fill: only files without any genre
  --min-confidence X predictions below X are not written
  --only-decided     write only tracks with a review decision
  --keep-mtime       keep each file's modification time
  --dry-run          print exactly what would change; write nothing
  --json             print {"batch","written","skipped","failed"} (with --dry-run: the changes)
${DB_HELP}

Exit code 1 when some files could not be written (see the messages).`,
  options: {
    ...DB_OPTION,
    mode: { type: 'string' },
    'min-confidence': { type: 'string' },
    'only-decided': { type: 'boolean' },
    'keep-mtime': { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async run(args, ctx) {
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument ${args.positionals[0]}`);
    const mode = parseMode(stringOption(args, 'mode'));
    const minConfidence = numberOption(args, 'min-confidence', (n) => n >= 0 && n <= 1);
    const json = flagOption(args, 'json');
    const db = openLibraryFromArgs(args, ctx, { mustExist: true });
    try {
      const selection = selectTagWrites(db, {
        mode,
        onlyDecided: flagOption(args, 'only-decided'),
        ...(minConfidence !== undefined && { minConfidence }),
      });
      if (flagOption(args, 'dry-run')) {
        if (json) {
          writeJson(ctx, {
            batch: null,
            written: 0,
            skipped: selection.skipped,
            failed: 0,
            wouldWrite: selection.changes.length,
            changes: selection.changes,
          });
        } else {
          for (const c of selection.changes)
            ctx.stdout.write(`${c.path}\n    ${show(c.before)}  →  ${show(c.after)}\n`);
          ctx.stdout.write(
            `Would write ${selection.changes.length} file${selection.changes.length === 1 ? '' : 's'} (${mode}); ${selection.skipped} left as they are.\n`,
          );
        }
        return EXIT_OK;
      }
      const progress = new ProgressBar(ctx.stderr, ctx.interactive, 'write');
      const result = await writeBatch(db, selection.items, {
        mode,
        keepMtime: flagOption(args, 'keep-mtime'),
        signal: ctx.signal,
        onProgress: (p) => progress.update(p.done, p.total),
      });
      progress.finish();
      const failures = result.items.filter((i) => i.status === 'failed');
      const skipped = result.skipped + selection.skipped;
      if (json) {
        writeJson(ctx, {
          batch: result.batch,
          written: result.written,
          skipped,
          failed: result.failed,
          cancelled: result.cancelled,
          failures: failures.map((f) => ({ path: f.path, kind: f.errorKind ?? 'failed', message: f.error ?? '' })),
        });
      } else {
        ctx.stdout.write(
          `Batch ${result.batch ?? '-'}: wrote ${result.written} file${result.written === 1 ? '' : 's'}, skipped ${skipped}, failed ${result.failed}.\n`,
        );
        for (const f of failures) ctx.stdout.write(failureLine(f.path, f.error));
        if (result.written > 0) ctx.stdout.write(`Undo with \`genrewise undo ${result.batch}\`.\n`);
      }
      if (result.cancelled) {
        ctx.stderr.write('genrewise write-tags: cancelled; files written so far are journaled (undo works)\n');
        return EXIT_INTERRUPTED;
      }
      return result.failed > 0 ? EXIT_PARTIAL : EXIT_OK;
    } finally {
      db.close();
    }
  },
};
