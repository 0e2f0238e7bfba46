import type { Command, CommandContext, ParsedArgs } from '../command.js';
import type { Database } from '../../library/db.js';
import { flagOption, writeJson } from '../command.js';
import { EXIT_INTERRUPTED, EXIT_OK, EXIT_PARTIAL, UsageError } from '../errors.js';
import { DB_HELP, DB_OPTION, openLibraryFromArgs } from '../library-option.js';
import { ProgressBar } from '../progress.js';
import { failureLine } from '../failure-line.js';
import { undoBatch } from '../../tags/batch.js';
import { getBatch, latestUndoableBatch } from '../../tags/journal.js';

export const undoCommand: Command = {
  name: 'undo',
  help: `Usage: genrewise undo [batch] [--dry-run] [--db P] [--json]

Restores the genre values that a write-tags batch replaced (the most recent batch not yet undone
when none is given), through the same verified safe-write path. A file changed since that batch
(written again, or edited by another program) is refused rather than overwritten. The undo is a
batch of its own.

  --dry-run  check every file and print what would be restored; change nothing
  --json     print {"batch","undid","written","skipped","failed","failures"} (with --dry-run:
             {"undid","wouldRestore","skipped","failed","changes":[{"path","before","after"}]})
${DB_HELP}

Exit status: 0 done, 1 some files were refused or failed, 2 bad usage or nothing to undo,
130 interrupted.`,
  options: { ...DB_OPTION, json: { type: 'boolean' }, 'dry-run': { type: 'boolean' } },
  async run(args, ctx) {
    const [raw, extra] = args.positionals;
    if (extra !== undefined) throw new UsageError(`unexpected argument ${extra}`);
    if (raw !== undefined && !/^\d+$/.test(raw))
      throw new UsageError(`batch must be a number, got ${JSON.stringify(raw)}`);
    const target = raw === undefined ? undefined : Number(raw);
    const db = openLibraryFromArgs(args, ctx, { mustExist: true });
    try {
      if (flagOption(args, 'dry-run')) return await dryRun(db, target, args, ctx);
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
        for (const f of failures) ctx.stdout.write(failureLine(f.path, f.error));
      }
      if (result.cancelled) return EXIT_INTERRUPTED;
      return result.failed > 0 ? EXIT_PARTIAL : EXIT_OK;
    } finally {
      db.close();
    }
  },
};

const show = (genres: readonly string[] | null): string =>
  genres === null ? '(unreadable)' : genres.length === 0 ? '(no genre)' : genres.join('; ');

/** undo --dry-run: the same checks as the undo, nothing written and no batch recorded. */
async function dryRun(
  db: Database,
  target: number | undefined,
  args: ParsedArgs,
  ctx: CommandContext,
): Promise<number> {
  const undid = target ?? latestUndoableBatch(db)?.id ?? null;
  const result = await undoBatch(db, target, { dryRun: true, signal: ctx.signal });
  const changes = result.items.filter((i) => i.status === 'would-write');
  const failures = result.items.filter((i) => i.status === 'failed');
  if (flagOption(args, 'json')) {
    writeJson(ctx, {
      undid,
      wouldRestore: changes.length,
      skipped: result.skipped,
      failed: result.failed,
      changes: changes.map((c) => ({ path: c.path, before: c.before, after: c.after })),
      failures: failures.map((f) => ({ path: f.path, kind: f.errorKind ?? 'failed', message: f.error ?? '' })),
    });
  } else {
    for (const c of changes) ctx.stdout.write(`${c.path}\n    ${show(c.before)}  →  ${show(c.after)}\n`);
    for (const f of failures) ctx.stdout.write(failureLine(f.path, f.error));
    ctx.stdout.write(
      `Undoing batch ${undid ?? '?'} would restore ${changes.length} file${changes.length === 1 ? '' : 's'}; skipped ${result.skipped}, refused ${result.failed}. Nothing was changed.\n`,
    );
  }
  return result.failed > 0 ? EXIT_PARTIAL : EXIT_OK;
}
