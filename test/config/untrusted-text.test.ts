// Config messages quote file text only as a short, masked excerpt with no control or bidi characters (issue #11.2).
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CUT_KEEP, EXCERPT_CHARS, excerpt } from '../../src/config/excerpt.ts';
import { runCli } from '../helpers/cli.ts';

/** Bytes no message may carry: ESC and every other control but the line end, and the bidi overrides. */
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const ANTHROPIC_KEY = `sk-ant-admin01-${'Q7x'.repeat(30)}`;
const POSTHOG_KEY = `phx_${'k9Z'.repeat(14)}`;

async function validateText(name: string, text: string, env: Record<string, string> = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'invitectl-excerpt-'));
  await writeFile(join(dir, name), text);
  return runCli(['validate', '-c', name], { cwd: dir, env });
}

function envFile(): string {
  const lines: string[] = [];
  for (let i = 0; lines.join('\n').length < 2048; i++) {
    lines.push(`ANTHROPIC_ADMIN_API_KEY_${i}=${ANTHROPIC_KEY}`, `POSTHOG_PERSONAL_API_KEY_${i}=${POSTHOG_KEY}`);
    lines.push(`DB_PASSWORD_${i}=hunter2-correct-horse\u001b[2J\u202e`, `SESSION_${i}=9f8e7d6c5b4a39281706f5e4d3c2b1a0`);
  }
  return `${lines.join('\n')}\n`;
}

function expectSafe(output: string): void {
  expect(output).not.toMatch(UNSAFE);
  for (const secret of [ANTHROPIC_KEY.slice(15, 30), POSTHOG_KEY.slice(4, 20), 'hunter2', '9f8e7d6c5b4a3928']) expect(output).not.toContain(secret);
}

describe('config messages never echo a file whole', () => {
  it('a 2 KB .env file is one short line with no secret-looking value and no ESC byte', async () => {
    const run = await validateText('.env', envFile());
    expect(run.code).toBe(1);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe('.env:1:1: expected a mapping, got string "ANTHROPIC_…"');
    expect(lines[0]!.length).toBeLessThan(120);
    expectSafe(run.stderr);
  });

  it('the ::error annotation in GitHub Actions is as short and as masked', async () => {
    const run = await validateText('.env', envFile(), { GITHUB_ACTIONS: 'true' });
    const annotations = run.stderr.split('\n').filter((line) => line.startsWith('::error'));
    expect(annotations).toHaveLength(1);
    expect(annotations[0]!.length).toBeLessThan(160);
    expectSafe(run.stderr);
  });

  it('a key with ESC and bidi characters is shown escaped, and a huge key as an excerpt', async () => {
    const run = await validateText('keys.yaml', `version: 1\norgs: {}\n"\\e[31mred\\u202e": 1\n${'kéy'.repeat(300)}: 2\n`);
    expect(run.code).toBe(1);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toEqual([
      'keys.yaml:3:1: ["\\u001b[31mred\\u202e"]: unknown key "\\u001b[31mred\\u202e"',
      expect.stringMatching(/^keys\.yaml:4:1: \["(kéy)+k?é?…"\]: unknown key "(kéy)+k?é?…"$/),
    ]);
    expectSafe(run.stderr);
  });

  it('a duplicate key, a duplicate email and a wrong-typed value quote excerpts only', async () => {
    const email = `${'a'.repeat(500)}@acme.com`;
    const text = [
      'version: 1',
      'orgs:',
      '  acme:',
      '    provider: posthog',
      '    host: https://us.posthog.com',
      '    organization_id: 0190a4f2-7c11-7000-8000-2f4c1d0a5e33',
      `    prune: "${POSTHOG_KEY} \\e]0;title\\a"`,
      '    invites:',
      `      - email: ${email}`,
      `      - email: ${email.toUpperCase()}`,
      `"${'d'.repeat(900)}": 1`,
      `"${'d'.repeat(900)}": 2`,
    ].join('\n');
    const run = await validateText('long.yaml', `${text}\n`);
    expect(run.code).toBe(1);
    for (const line of run.stderr.trimEnd().split('\n')) expect(line.length, line).toBeLessThan(200);
    expect(run.stderr).toContain(`long.yaml:7:12: orgs.acme.prune: expected boolean, got string "phx_… \\u001b]0;title\\u0007"`);
    expectSafe(run.stderr);
  });
});

describe('excerpt', () => {
  it('keeps short plain text, cuts long text with an ellipsis, and masks key shapes', () => {
    expect(excerpt('alice@acme.com')).toBe('alice@acme.com');
    expect(excerpt('x'.repeat(EXCERPT_CHARS))).toBe('x'.repeat(EXCERPT_CHARS));
    expect(excerpt('x'.repeat(100))).toBe(`${'x'.repeat(CUT_KEEP)}…`);
    expect(excerpt(`token ${POSTHOG_KEY}`)).toBe('token phx_…');
    expect(excerpt('password: hunter2')).toBe('password: …');
    expect(excerpt('0190a4f2-7c11-7000-8000-2f4c1d0a5e33')).toBe('0190a4f2-7c11-7000-8000-2f4c1d0a5e33');
    expect(excerpt('MY_VERY_LONG_POSTHOG_URL_2')).toBe('MY_VERY_LONG_POSTHOG_URL_2');
    expect(excerpt(`a${'\u202e'.repeat(30)}`)).toBe('a\\u202e…');
  });
});
