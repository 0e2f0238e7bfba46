import type { ParseArgsConfig } from 'node:util';

export type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

/** What a command gets besides its arguments; tests pass their own streams. */
export interface CommandContext {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
  /** Whether to draw progress bars: stderr is a terminal and output is not JSON. */
  readonly interactive: boolean;
  /** Aborted on Ctrl-C / SIGTERM: long commands stop cleanly at the next safe point. */
  readonly signal: AbortSignal;
}

export type OptionValue = string | boolean | string[] | boolean[] | undefined;

export interface ParsedArgs {
  readonly values: Readonly<Record<string, OptionValue>>;
  readonly positionals: readonly string[];
}

/** A command as the command list knows it: its name, its line in `--help`, and how to load it. */
export interface CommandEntry {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  load(): Promise<Command>;
}

export interface Command {
  readonly name: string;
  /** Full help text printed by `genrewise <name> --help`. */
  readonly help: string;
  readonly options: OptionSpecs;
  run(args: ParsedArgs, ctx: CommandContext): Promise<number>;
}

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

export function flagOption(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}

export function numberOption(args: ParsedArgs, name: string, check?: (n: number) => boolean): number | undefined {
  const raw = stringOption(args, name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || (check && !check(value))) {
    throw new UsageErrorForOption(name, raw);
  }
  return value;
}

class UsageErrorForOption extends Error {
  override name = 'UsageError';
  constructor(option: string, raw: string) {
    super(`invalid value for --${option}: ${JSON.stringify(raw)}`);
  }
}

export function writeJson(ctx: CommandContext, value: unknown): void {
  ctx.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
