/**
 * One help style for every command: the option lines of a help text ("  --db PATH   text") get
 * their descriptions in one column, whatever column each command's text (or the shared --db line)
 * was written with; a description's continuation lines move with it. Other lines are left alone.
 */
const OPTION_LINE = /^ {2}(-{1,2}\S.*?)( {2,})(\S.*)$/;

export function alignHelp(help: string): string {
  const lines = help.split('\n');
  const options = lines.map((l) => OPTION_LINE.exec(l));
  const width = Math.max(0, ...options.map((m) => (m ? m[1]!.length : 0)));
  if (width === 0) return help;
  const column = 2 + width + 2;
  let shift: { from: number; to: number } | undefined;
  return lines
    .map((line, i) => {
      const m = options[i];
      if (m) {
        shift = { from: 2 + m[1]!.length + m[2]!.length, to: column };
        return `  ${m[1]!.padEnd(width)}  ${m[3]!}`;
      }
      const indent = /^ */.exec(line)![0].length;
      if (shift && line.trim() !== '' && indent >= shift.from)
        return ' '.repeat(indent - shift.from + shift.to) + line.trimStart();
      shift = undefined;
      return line;
    })
    .join('\n');
}
