import type { OptionSpecs } from './command.js';

/**
 * Command-line arguments as people type them, before node:util parseArgs reads them: a string
 * option followed by a negative number (`--limit -5`) is that option's value, so the command can
 * say what is wrong with it instead of parseArgs calling it ambiguous.
 */
export function joinNegativeValues(argv: readonly string[], options: OptionSpecs): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    const name = arg.startsWith('--') ? arg.slice(2) : undefined;
    if (name !== undefined && options[name]?.type === 'string' && next !== undefined && /^-\d|^-\.\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/** parseArgs' error as one short sentence in the CLI's own words (it names its option). */
export function describeArgError(err: unknown): string {
  const { code, message } = err as { code?: string; message?: string };
  const text = message ?? String(err);
  const option = /Option '(-{1,2}[^' ]+)/.exec(text)?.[1] ?? /Unknown option '([^']+)'/.exec(text)?.[1];
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${option ?? text}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/does not take an argument/.test(text)) return `${option} takes no value`;
      return `${option} needs a value (a value starting with - is written ${option}=-…)`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${/'([^']+)'/.exec(text)?.[1] ?? ''}`.trim();
    default:
      return text.split('\n')[0] ?? 'invalid arguments';
  }
}
