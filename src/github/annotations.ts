// Config problems as GitHub Actions annotations (::error file=…).
import type { ConfigProblem } from '../config/problem.ts';
import { cleanText } from '../sanitize.ts';
import { isGitHubActions, readActionsEnvironment, type Env } from './environment.ts';
import { workspacePath } from './workspace-path.ts';

/** Escapes a workflow command's message, as @actions/core's `escapeData` does. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow command's property value, as @actions/core's `escapeProperty` does. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * A config problem as a GitHub error annotation:
 * `::error file=invites.yaml,line=10,col=9,title=invitectl::orgs.acme.host: must use https://`.
 * The file is named relative to `workspace` (the repository root) so GitHub pins the annotation
 * to the line in the PR diff; a file outside the workspace gets an annotation without a place.
 */
export function formatAnnotation(problem: ConfigProblem, workspace: string, cwd: string): string {
  const file = workspacePath(problem.file, workspace, cwd);
  const where = file === undefined ? [] : [`file=${escapeProperty(file)}`, `line=${problem.line}`, `col=${problem.col}`];
  const message = problem.path ? `${problem.path}: ${problem.message}` : problem.message;
  // Escaping keeps the command on one line; cleaning keeps control and bidi characters out of the log.
  return `::error ${[...where, 'title=invitectl'].join(',')}::${escapeData(cleanText(message, true))}`;
}

/**
 * Every problem as an annotation line (newline-terminated) when running in GitHub Actions, and
 * the empty string otherwise: the CLI writes the result to stderr after the usual lines.
 */
export function annotateProblems(problems: readonly ConfigProblem[], env: Env, cwd: string): string {
  if (!isGitHubActions(env)) return '';
  const workspace = readActionsEnvironment(env).workspace ?? cwd;
  return problems.map((problem) => `${formatAnnotation(problem, workspace, cwd)}\n`).join('');
}
