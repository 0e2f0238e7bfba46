/**
 * One failed file as the write commands list it: the path once, then the reason. The tag writer's
 * messages often begin with the path themselves ("X: the file is marked read-only"); that prefix
 * is dropped so the line does not say the path twice.
 */
export function failureLine(path: string, error: string | undefined): string {
  const reason = error === undefined || error === '' ? 'unknown error' : error;
  const withoutPath = reason.startsWith(`${path}: `) ? reason.slice(path.length + 2) : reason;
  return `  failed: ${path}: ${withoutPath}\n`;
}
