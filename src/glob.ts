/** Compiles an email glob (`*` any run, `?` one character) into a case-insensitive matcher. */
export function compileGlob(pattern: string): (email: string) => boolean {
  const source = [...pattern.trim()]
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\/]/g, '\\$&')))
    .join('');
  const regex = new RegExp(`^${source}$`, 'i');
  return (email) => regex.test(email);
}

/** True when `email` matches any of the globs. */
export function matchesAny(email: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => compileGlob(pattern)(email));
}
