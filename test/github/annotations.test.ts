import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import type { ConfigProblem } from '../../src/config/problem.ts';
import { ConfigError } from '../../src/errors.ts';
import { annotateProblems, escapeData, escapeProperty, formatAnnotation } from '../../src/github/annotations.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = join(REPO, 'test/fixtures/config');

async function problemsOf(file: string, cwd: string): Promise<readonly ConfigProblem[]> {
  const error = await loadConfig(file, cwd).catch((caught: unknown) => caught);
  if (!(error instanceof ConfigError)) throw new Error(`${file} loaded without problems`);
  return error.problems;
}

describe('config problems as GitHub error annotations', () => {
  it('annotates every problem of many-problems.yaml at its line and column, relative to the repository root', async () => {
    // Run from the fixtures directory, as `-c many-problems.yaml` there: the annotation still names the path from the root.
    const problems = await problemsOf('many-problems.yaml', FIXTURES);
    const lines = problems.map((problem) => formatAnnotation(problem, REPO, FIXTURES));
    const file = 'test/fixtures/config/many-problems.yaml';
    expect(lines).toEqual([
      `::error file=${file},line=5,col=11,title=invitectl::orgs.acme.host: must use https:// (http:// is allowed only for 127.0.0.1, localhost and [::1])`,
      `::error file=${file},line=6,col=22,title=invitectl::orgs.acme.organization_id: expected an organization UUID or @current`,
      `::error file=${file},line=10,col=9,title=invitectl::orgs.acme.invites[0].levle: unknown key "levle" (did you mean "level"?)`,
      `::error file=${file},line=11,col=16,title=invitectl::orgs.acme.invites[1].email: duplicate email alice@acme.com (already listed at invites[0])`,
      `::error file=${file},line=12,col=16,title=invitectl::orgs.acme.invites[2].email: bob@contractors.acme.com matches this org's ignore patterns, so it can be neither invited nor revoked`,
      `::error file=${file},line=13,col=16,title=invitectl::orgs.acme.invites[3].email: not a valid email address`,
      `::error file=${file},line=14,col=9,title=invitectl::orgs.acme.invites[3].role: role is an Anthropic and OpenAI setting; PostHog invites take level (member, admin, owner)`,
      `::error file=${file},line=17,col=5,title=invitectl::orgs.claude.prun: unknown key "prun" (did you mean "prune"?)`,
      `::error file=${file},line=20,col=15,title=invitectl::orgs.claude.invites[0].role: admin cannot be invited through the Admin API; invite as user and promote after they join`,
      `::error file=${file},line=22,col=9,title=invitectl::orgs.claude.invites[1].level: level is a PostHog setting; Anthropic invites take role (user, developer, billing, claude_code_user)`,
    ]);
    expect(lines).toHaveLength(problems.length);
  });

  it('names the file without ./ and with / however -c was written', () => {
    const problem: ConfigProblem = { file: './config/../invites.yaml', line: 3, col: 4, path: '', message: 'x' };
    expect(formatAnnotation(problem, '/repo', '/repo')).toBe('::error file=invites.yaml,line=3,col=4,title=invitectl::x');
    expect(formatAnnotation({ ...problem, file: 'teams/invites.yaml' }, '/repo', '/repo')).toMatch(/^::error file=teams\/invites.yaml,/);
    expect(formatAnnotation({ ...problem, file: '/repo/teams/invites.yaml' }, '/repo/', '/elsewhere')).toMatch(/^::error file=teams\/invites.yaml,/);
  });

  it('leaves out the place when the file is outside the workspace, where GitHub could not show it', () => {
    const problem: ConfigProblem = { file: '../other/invites.yaml', line: 3, col: 4, path: 'version', message: 'bad' };
    expect(formatAnnotation(problem, '/repo', '/repo')).toBe('::error title=invitectl::version: bad');
  });

  it('escapes the message (%, LF) and the file property (also : and ,); CR and other controls are removed', () => {
    const problem: ConfigProblem = { file: 'a,b:c%.yaml', line: 1, col: 2, path: 'orgs.x', message: '100% wrong\r\nsecond line: \u001b[31mhere\u202e, too' };
    expect(formatAnnotation(problem, '/repo', '/repo')).toBe('::error file=a%2Cb%3Ac%25.yaml,line=1,col=2,title=invitectl::orgs.x: 100%25 wrong%0Asecond line: [31mhere, too');
    expect(escapeData('%\r\n:,')).toBe('%25%0D%0A:,');
    expect(escapeProperty('%\r\n:,')).toBe('%25%0D%0A%3A%2C');
  });

  it('annotates only in GitHub Actions, relative to GITHUB_WORKSPACE', async () => {
    const problems = await problemsOf('many-problems.yaml', FIXTURES);
    expect(annotateProblems(problems, {}, FIXTURES)).toBe('');
    expect(annotateProblems(problems, { GITHUB_ACTIONS: 'false', GITHUB_WORKSPACE: REPO }, FIXTURES)).toBe('');
    const text = annotateProblems(problems, { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: join(REPO, 'test') }, FIXTURES);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(problems.length);
    expect(text.endsWith('\n')).toBe(true);
    for (const [index, line] of lines.entries()) {
      const problem = problems[index]!;
      expect(line.startsWith(`::error file=fixtures/config/many-problems.yaml,line=${problem.line},col=${problem.col},title=invitectl::`)).toBe(true);
    }
    // Without GITHUB_WORKSPACE the working directory is the root.
    expect(annotateProblems(problems, { GITHUB_ACTIONS: 'true' }, FIXTURES).split('\n')[0]).toMatch(/^::error file=many-problems.yaml,line=5,col=11,/);
  });
});
