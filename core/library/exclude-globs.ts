/**
 * The user's exclusions (`genrewise scan --exclude`, the `scan.exclude` setting), gitignore-like:
 * a pattern without a slash matches a file or folder name at any depth ("Podcasts", "*.wav"); one
 * with a slash matches the path from the library folder ("Live/**", "/Incoming"). `*` and `?`
 * stay within a name, `**` spans folders, a trailing slash matches folders only. An excluded
 * folder is not entered. Case-sensitive, like the names on most file systems.
 */
export type ExcludeMatcher = (relativePath: string, isDir: boolean) => boolean;

interface CompiledPattern {
  readonly regex: RegExp;
  readonly byName: boolean;
  readonly dirOnly: boolean;
}

function toRegexSource(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      out += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return out;
}

function compile(pattern: string): CompiledPattern | undefined {
  let p = pattern.trim().replace(/\\/g, '/');
  const dirOnly = p.endsWith('/');
  p = p.replace(/\/+$/, '');
  if (p === '' || p === '**') return undefined;
  const byName = !p.includes('/');
  p = p.replace(/^\//, '');
  return { regex: new RegExp(`^${toRegexSource(p)}$`), byName, dirOnly };
}

/** A matcher for `patterns` (blank ones ignored); matches nothing when there are none. */
export function excludeMatcher(patterns: readonly string[]): ExcludeMatcher {
  const compiled = patterns.map(compile).filter((c): c is CompiledPattern => c !== undefined);
  return (relativePath, isDir) => {
    const rel = relativePath.replace(/\\/g, '/');
    const name = rel.slice(rel.lastIndexOf('/') + 1);
    return compiled.some((c) => (!c.dirOnly || isDir) && c.regex.test(c.byName ? name : rel));
  };
}
