import type { Command } from '../command.js';
import { flagOption, writeJson } from '../command.js';
import { EXIT_INTERRUPTED, EXIT_OK, EXIT_PARTIAL, UsageError } from '../errors.js';
import { DB_HELP, DB_OPTION, openLibraryFromArgs } from '../library-option.js';
import { ProgressBar } from '../progress.js';
import { undoBatch } from '../../tags/batch.js';
import { getBatch } from '../../tags/journal.js';

export const undoCommand: Command = {
  name: 'undo',
  summary: 'restore the genres a tag-write batch replaced',
  help: `Usage: genrewise undo [batch] [--db P] [--json]

Restores the genre values that a write-tags batch replaced (the most recent batch not yet undone
when none is given), through the same verified safe-write path. A file changed since that batch
(written again, or edited by another program) is refused rather than overwritten. The undo is a
batch of its own.

  --json   print {"batch","undid","written","skipped","failed"}
${DB_HELP}`,
  options: { ...DB_OPTION, json: { type: 'boolean' } },
  async run(args, ctx) {
    const [raw, extra] = args.positionals;
    if (extra !== undefined) throw new UsageError(`unexpected argument ${extra}`);
    if (raw !== undefined && !/^\d+$/.test(raw))
      throw new UsageError(`batch must be a number, got ${JSON.stringify(raw)}`);
    const target = raw === undefined ? undefined : Number(raw);
    const db = openLibraryFromArgs(args, ctx, { mustExist: true });
    try {
      const progress = new ProgressBar(ctx.stderr, ctx.interactive, 'undo');
      const result = await undoBatch(db, target, {
        signal: ctx.signal,
        onProgress: (p) => progress.update(p.done, p.total),
      });
      progress.finish();
      const undid = result.batch === null ? undefined : getBatch(db, result.batch)?.undoOf;
      const failures = result.items.filter((i) => i.status === 'failed');
      if (flagOption(args, 'json')) {
        writeJson(ctx, {
          batch: result.batch,
          undid: undid ?? target ?? null,
          written: result.written,
          skipped: result.skipped,
          failed: result.failed,
          failures: failures.map((f) => ({ path: f.path, kind: f.errorKind ?? 'failed', message: f.error ?? '' })),
        });
      } else {
        ctx.stdout.write(
          `Undid batch ${undid ?? target ?? '?'} as batch ${result.batch ?? '-'}: restored ${result.written}, skipped ${result.skipped}, failed ${result.failed}.\n`,
        );
        for (const f of failures) ctx.stdout.write(`  failed: ${f.path}: ${f.error ?? 'unknown error'}\n`);
      }
      if (result.cancelled) return EXIT_INTERRUPTED;
      return result.failed > 0 ? EXIT_PARTIAL : EXIT_OK;
    } finally {
      db.close();
    }
  },
};
