// ConfigProblem: one positioned thing wrong with a config file, and how problems print and sort.
import { excerpt, quoted, safeText } from './excerpt.ts';

/** One thing wrong with a config file, pointing at the line and column to fix. */
export interface ConfigProblem {
  file: string;
  line: number;
  col: number;
  /** Where in the document, e.g. `orgs.acme.invites[1].email`; empty for the file as a whole. */
  path: string;
  message: string;
}

/**
 * Renders a document path as users write it: `orgs.acme.invites[1].email`; a key that is not a
 * plain word (a dot, a space, nothing at all) is quoted: `orgs["acme analytics"]`.
 */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) => {
      if (typeof key === 'number') return `[${key}]`;
      const name = String(key);
      // A key is file text: a long, key-shaped or control-laden one is shown as a quoted excerpt.
      if (!/^[A-Za-z0-9_$-]+$/.test(name) || excerpt(name) !== name) return `[${quoted(name)}]`;
      return `${index === 0 ? '' : '.'}${name}`;
    })
    .join('');
}

/** `FILE:LINE:COL: path: message` — the one line a problem prints as. */
export function formatProblem(problem: ConfigProblem): string {
  const where = `${problem.file}:${problem.line}:${problem.col}`;
  const line = problem.path ? `${where}: ${problem.path}: ${problem.message}` : `${where}: ${problem.message}`;
  // One problem, one line, whatever a key or value held.
  return safeText(line);
}

/**
 * Orders problems by position so a file reads top to bottom, dropping exact repeats; paths and
 * messages come out printable (no control or bidi character), for stderr and annotations alike.
 */
export function sortProblems(problems: readonly ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems
    .map((problem) => ({ ...problem, path: safeText(problem.path), message: safeText(problem.message) }))
    .sort((a, b) => a.line - b.line || a.col - b.col)
    .filter((problem) => {
      const key = formatProblem(problem);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}
