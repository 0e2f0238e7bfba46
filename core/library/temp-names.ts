/**
 * Names of the temporary copies the tag writer makes beside a file it replaces: hidden, named
 * after the original, `.genrewise-tmp-` and ten base-36 characters, then the original's
 * extension. The pattern lives with the library because the scanner must not index such a copy
 * (a leftover of a killed write); the tag writer removes only copies its journal recorded.
 */
export const TEMP_MARKER = '.genrewise-tmp-';

const TEMP_NAME = /^\..*\.genrewise-tmp-[0-9a-z]{10}(\.[^.]*)?$/;

export function isTempName(name: string): boolean {
  return TEMP_NAME.test(name);
}
