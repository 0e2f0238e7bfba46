/**
 * The reason a tag write or undo failed, without the path: the tag writer's messages begin with
 * the file's path ("X: the file is marked read-only"), and every place that lists a failure
 * (the CLI's failure lines, Problems) already shows the path beside it.
 */
export function failureReason(path: string, error: string | null | undefined): string | undefined {
  if (error === null || error === undefined || error === '') return undefined;
  return error.startsWith(`${path}: `) ? error.slice(path.length + 2) : error;
}
