// Email globs (`*`, `?`) as case-insensitive matchers, for `ignore`.
/** Compiles an email glob (`*` any run, `?` one character) into a case-insensitive matcher. */
export function compileGlob(pattern: string): (email: string) => boolean {
  const source = [...pattern.trim()]
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\/]/g, '\\$&')))
    .join('');
  const regex = new RegExp(`^${source}$`, 'i');
  return (email) => regex.test(email);
}

/** One matcher for a list of globs, compiled once: the planner asks it for every email. */
export function globsMatcher(patterns: readonly string[]): (email: string) => boolean {
  const matchers = patterns.map(compileGlob);
  return (email) => matchers.some((matches) => matches(email));
}

/** True when `email` matches any of the globs (for one-off checks; use globsMatcher in loops). */
export function matchesAny(email: string, patterns: readonly string[]): boolean {
  return globsMatcher(patterns)(email);
}
