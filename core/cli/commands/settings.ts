import type { Settings } from '../../../shared/api/types.js';
import { ApiError } from '../../../shared/api/contract.js';
import { chooseFfmpeg } from '../../analysis/decode/choose-ffmpeg.js';
import { FfmpegNotFoundError } from '../../analysis/decode/errors.js';
import type { Database } from '../../library/db.js';
import { parseApiParams } from '../../../shared/api/schema.js';
import { DEFAULT_SETTINGS, getSettings, SETTING_KEYS, SettingsError } from '../../library/settings.js';
import { refreshPredictions } from '../../prediction/refresh.js';
import { changeSettings, type SettingsChange } from '../../prediction/settings-change.js';
import type { Command, CommandContext } from '../command.js';
import { flagOption, writeJson } from '../command.js';
import { FatalError, UsageError } from '../errors.js';
import { DB_HELP, DB_OPTION, openLibraryFromArgs } from '../library-option.js';
import { ProgressBar } from '../progress.js';

type Key = keyof Settings;

/** Every setting by the name it is stored and shown under (review.threshold), in list order. */
const NAMES = Object.entries(SETTING_KEYS).map(([key, name]) => ({ key: key as Key, name }));

/** A setting by its stored name (review.threshold) or its API name (reviewThreshold). */
function findKey(word: string): { key: Key; name: string } {
  const found = NAMES.find((n) => n.name === word || n.key === word);
  if (!found)
    throw new UsageError(`unknown setting ${JSON.stringify(word)} (known: ${NAMES.map((n) => n.name).join(', ')})`);
  return found;
}

/** The command-line text of a value, as `settings <key> <value>` takes it back. */
function show(value: Settings[Key]): string {
  if (value === null) return 'none';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * Reads the typed value from its command-line text: a number for thresholds, a JSON object for
 * the name tables, `none` for no personal model or ffmpeg, else the text itself. Then the same
 * check as the API's settings.update (its schema, then the library's own), except that the
 * ffmpeg program, which the API refuses and only the command line may choose, is checked by
 * running it (chooseProgram).
 */
function parseValue(key: Key, name: string, raw: string): Partial<Settings> {
  const bad = (why: string): never => {
    throw new UsageError(`invalid value for ${name}: ${why}`);
  };
  const current = DEFAULT_SETTINGS[key];
  let value: unknown;
  if (typeof current === 'number') {
    value = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(raw)
      ? Number(raw)
      : bad('expected a number in [0, 1]');
  } else if (typeof current === 'object' && current !== null) {
    try {
      value = JSON.parse(raw);
    } catch {
      bad(
        Array.isArray(current)
          ? `expected a JSON list such as '["Podcasts", "Live/**"]'`
          : `expected a JSON object such as '{"hiphop": "Hip Hop"}'`,
      );
    }
  } else {
    value = (key === 'personalModel' || key === 'ffmpegPath') && raw === 'none' ? null : raw;
  }
  const patch = { [key]: value } as Partial<Settings>;
  try {
    if (key !== 'ffmpegPath') parseApiParams('settings.update', patch);
  } catch (err) {
    if (err instanceof ApiError) bad(err.message.replace(/^settings\.update: [^:]+: /, ''));
    throw err;
  }
  return patch;
}

/** The ffmpeg program is stored only once it answers like an ffmpeg, as `serve --ffmpeg` does it. */
function chooseProgram(db: Database, path: string | null, env: NodeJS.ProcessEnv): SettingsChange {
  const before = getSettings(db);
  chooseFfmpeg(db, path, env);
  return { before, settings: getSettings(db), repredict: false };
}

async function setValue(ctx: CommandContext, key: Key, name: string, raw: string, args: Parameters<Command['run']>[0]) {
  const patch = parseValue(key, name, raw);
  const db = openLibraryFromArgs(args, ctx);
  try {
    let change;
    try {
      change = key === 'ffmpegPath' ? chooseProgram(db, patch.ffmpegPath ?? null, ctx.env) : changeSettings(db, patch);
    } catch (err) {
      if (err instanceof SettingsError) throw new UsageError(err.message);
      if (err instanceof FfmpegNotFoundError) throw new UsageError(`invalid value for ${name}: ${err.message}`);
      throw err;
    }
    let repredicted: number | null = null;
    if (change.repredict) {
      const progress = new ProgressBar(ctx.stderr, ctx.interactive, 're-predict');
      try {
        repredicted = (await refreshPredictions(db, { onProgress: (done, total) => progress.update(done, total) }))
          .predicted;
      } catch (err) {
        // The models are loaded before anything is written: put the setting back, lose nothing.
        changeSettings(db, { [key]: change.before[key] } as Partial<Settings>);
        throw new FatalError(`${(err as Error).message}; ${name} left at ${show(change.before[key])}`);
      } finally {
        progress.finish();
      }
    }
    const value = change.settings[key];
    if (flagOption(args, 'json')) writeJson(ctx, { key: name, value, repredicted });
    else {
      ctx.stdout.write(`${name} = ${show(value)}\n`);
      if (repredicted !== null) ctx.stdout.write(`Re-predicted ${repredicted} track${repredicted === 1 ? '' : 's'}.\n`);
    }
  } finally {
    db.close();
  }
}

export const settingsCommand: Command = {
  name: 'settings',
  help: `Usage: genrewise settings [key [value]] [--db P] [--json]

With no key, lists every setting; with a key, prints its value; with a key and a value, sets it.
These are the settings the app's Settings view changes, stored in the library:

  review.threshold          predictions below this confidence go to review (0–1)
  review.acceptThreshold    default of \`accept\` and \`write-tags --min-confidence\` (0–1)
  model.default             the default genre model (svc, knn, or a model file)
  model.personal            the active personal model id, or none
  genre.displayNames        the names written for our genres, as JSON: '{"hiphop": "Hip Hop"}'
  genre.aliases             tag spellings that mean one of our genres, as JSON: '{"rap": "hiphop"}'
  analysis.ffmpegPath       the ffmpeg program \`analyze\` decodes with (checked that it runs), or none
  scan.exclude              files and folders \`scan\` leaves out, as JSON: '["Podcasts", "Live/**"]'

Keys may also be given by their API names (reviewThreshold, defaultModel, …). A value is checked
as the app checks it. Changing a model, or the review threshold while a personal model is active,
re-predicts every track from stored features (no audio is decoded); if a model cannot be used,
the setting is put back.

  --json        print the settings as the API returns them ({"reviewThreshold",…}); with a key,
                {"key","value"}; when setting, {"key","value","repredicted"} (tracks, or null)
${DB_HELP}

Exit code 2 on an unknown setting or a value it cannot take.`,
  options: { ...DB_OPTION, json: { type: 'boolean' } },
  async run(args, ctx) {
    const [word, raw, extra] = args.positionals;
    if (extra !== undefined) throw new UsageError(`unexpected argument ${extra} (quote values with spaces)`);
    const json = flagOption(args, 'json');
    const target = word === undefined ? undefined : findKey(word);
    if (target && raw !== undefined) {
      await setValue(ctx, target.key, target.name, raw, args);
      return 0;
    }
    const db = openLibraryFromArgs(args, ctx, { mustExist: true });
    try {
      const settings = getSettings(db);
      if (target) {
        const value = settings[target.key];
        if (json) writeJson(ctx, { key: target.name, value });
        else ctx.stdout.write(`${show(value)}\n`);
      } else if (json) {
        writeJson(ctx, settings);
      } else {
        const width = Math.max(...NAMES.map((n) => n.name.length));
        for (const n of NAMES) ctx.stdout.write(`${n.name.padEnd(width)}  ${show(settings[n.key])}\n`);
      }
      return 0;
    } finally {
      db.close();
    }
  },
};
