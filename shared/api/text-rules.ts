/**
 * The rules for text in API params (enforced by schema.ts), without zod, so the renderer can
 * check what a person typed before sending it: an expected mistake then shows next to the field
 * instead of as a refused request (a 400 in the console).
 */

/** No control characters (NUL, tabs, newlines, escapes): they end up in tags, file names and SQL LIKEs. */
export const PRINTABLE = /^[^\p{Cc}]*$/u;
/** Longest genre, alias or display name. */
export const MAX_LABEL = 200;
/** Longest search, artist or album text. */
export const MAX_SEARCH = 1000;

/**
 * What is wrong with `value` as API text of at most `max` characters, as a phrase that follows
 * the field's name ("The alias “x” …"), or null when the API takes it.
 */
export function textProblem(value: string, max: number): string | null {
  if (value.length > max) return `is longer than ${max} characters`;
  if (!PRINTABLE.test(value)) return 'contains a control character (such as a tab or line break)';
  return null;
}

/** What is wrong with `value` as a genre, alias or display name (textProblem's phrasing), or null. */
export function labelProblem(value: string): string | null {
  return textProblem(value, MAX_LABEL) ?? (value.trim() ? null : 'is empty');
}

/**
 * Search text as the API takes it: control characters (a pasted tab or line break) become
 * spaces, and it is cut at MAX_SEARCH characters. Search words are separated by spaces anyway.
 */
export function searchText(value: string): string {
  return value.replace(/\p{Cc}/gu, ' ').slice(0, MAX_SEARCH);
}
