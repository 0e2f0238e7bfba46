import { failureReason } from '../tags/failure-reason.js';

/** One failed file as the write commands list it: the path once, then the reason. */
export function failureLine(path: string, error: string | undefined): string {
  return `  failed: ${path}: ${failureReason(path, error) ?? 'unknown error'}\n`;
}
