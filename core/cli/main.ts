import { parseArgs } from 'node:util';
import type { Command, CommandContext, CommandEntry, ParsedArgs } from './command.js';
import { COMMANDS } from './commands/index.js';
import { EXIT_FAILURE, EXIT_OK, UsageError } from './errors.js';
import { describeArgError, joinNegativeValues } from './arg-errors.js';
import { alignHelp } from './help-format.js';

function generalHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length), 4);
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'Usage: genrewise <command> [options]',
    '',
    'Organise a music library by genre.',
    '',
    'Commands:',
    ...lines,
    '',
    "Run `genrewise <command> --help` for a command's options.",
    'The library database is $GENREWISE_DB, or --db PATH, or the app-data folder by default.',
    '',
  ].join('\n');
}

export function findCommand(name: string): CommandEntry | undefined {
  return COMMANDS.find((c) => c.name === name);
}

export function parseCommandArgs(command: Command, argv: readonly string[]): ParsedArgs {
  const options = { ...command.options, help: { type: 'boolean', short: 'h' } } as const;
  try {
    const { values, positionals } = parseArgs({
      args: joinNegativeValues(argv, options),
      options,
      allowPositionals: true,
      strict: true,
    });
    return { values, positionals };
  } catch (err) {
    throw new UsageError(describeArgError(err));
  }
}

/** Runs one CLI invocation and returns its exit code; never calls process.exit itself. */
export async function main(argv: readonly string[], overrides: Partial<CommandContext> = {}): Promise<number> {
  const controller = new AbortController();
  const stderr = overrides.stderr ?? process.stderr;
  const stdout = overrides.stdout ?? process.stdout;
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    stdout.write(generalHelp());
    return name === undefined ? EXIT_FAILURE : EXIT_OK;
  }
  if (name === '--version' || name === '-v') {
    stdout.write('genrewise 0.1.0\n');
    return EXIT_OK;
  }
  const entry = findCommand(name);
  if (!entry) {
    stderr.write(`genrewise: unknown command "${name}"; run \`genrewise --help\`\n`);
    return EXIT_FAILURE;
  }
  const onSignal = (): void => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
  };
  const useSignals = overrides.signal === undefined;
  if (useSignals) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  try {
    const command = await entry.load();
    const args = parseCommandArgs(command, rest);
    if (args.values.help === true) {
      const help = alignHelp(command.help);
      stdout.write(help.endsWith('\n') ? help : `${help}\n`);
      return EXIT_OK;
    }
    const json = args.values.json === true;
    const ctx: CommandContext = {
      stdout,
      stderr,
      env: overrides.env ?? process.env,
      interactive: overrides.interactive ?? (!json && (stderr as NodeJS.WriteStream).isTTY === true),
      signal: overrides.signal ?? controller.signal,
    };
    return await command.run(args, ctx);
  } catch (err) {
    const error = err as Error;
    if (error.name === 'UsageError' || err instanceof UsageError) {
      stderr.write(`genrewise ${name}: ${error.message} (see \`genrewise ${name} --help\`)\n`);
    } else {
      // Every other failure (FatalError and the modules' named errors) is one line for people.
      stderr.write(`genrewise ${name}: ${error.message}\n`);
      if (overrides.env?.GENREWISE_DEBUG ?? process.env.GENREWISE_DEBUG) stderr.write(`${error.stack ?? ''}\n`);
    }
    return EXIT_FAILURE;
  } finally {
    if (useSignals) {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  }
}
