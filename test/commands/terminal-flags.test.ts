// Colour flags (the last one wins, TERM=dumb) and config messages a first-day user meets, through main().
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.ts';
import { demoSeed } from '../../src/emulators/demo-seed.ts';
import { startSandbox, type Sandbox } from '../../src/emulators/sandbox.ts';
import { runCli } from '../helpers/cli.ts';
import { configDir, runAgainst, sandboxConfig } from '../helpers/sandbox-cli.ts';

const EXAMPLE = join(import.meta.dirname, '../../invites.example.yaml');
const ANSI = /\x1b\[/;

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: demoSeed() });
});
afterAll(async () => {
  await sandbox?.close();
});

/** `plan` with stdout a terminal (or not) and extra env; returns what it printed. */
async function plan(flags: string[], options: { tty?: boolean; env?: Record<string, string> } = {}): Promise<string> {
  let stdout = '';
  const code = await main(['plan', '-c', EXAMPLE, ...flags], {
    stdout: { write: (text: string) => (stdout += text), isTTY: options.tty ?? false },
    stderr: { write: () => true },
    env: { ...sandbox.env, ...options.env },
    cwd: process.cwd(),
  });
  expect(code).toBe(0);
  return stdout;
}

describe('colour', () => {
  it('--color and --no-color: the last one wins', async () => {
    expect(await plan(['--no-color', '--color'])).toMatch(ANSI);
    expect(await plan(['--color', '--no-color'], { tty: true })).not.toMatch(ANSI);
  });

  it('TERM=dumb means no colour on a terminal, unless forced', async () => {
    expect(await plan([], { tty: true })).toMatch(ANSI);
    expect(await plan([], { tty: true, env: { TERM: 'dumb' } })).not.toMatch(ANSI);
    expect(await plan([], { tty: true, env: { TERM: 'dumb', FORCE_COLOR: '1' } })).toMatch(ANSI);
    expect(await plan(['--color'], { env: { TERM: 'dumb' } })).toMatch(ANSI);
  });
});

describe('config messages', () => {
  it.each([
    ['an empty file', ''],
    ['a file of comments', '# invites, one day\n\n'],
  ])('%s says the file is empty', async (_name, text) => {
    const run = await runCli(['validate'], { cwd: await configDir(text) });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('invites.yaml:1:1: the file is empty (a config starts with "version: 1" and "orgs:"; see invites.example.yaml)\n');
  });

  it('an unquoted @current gets a hint to quote it', async () => {
    const config = 'version: 1\norgs:\n  a:\n    provider: posthog\n    host: https://us.posthog.com\n    organization_id: @current\n    invites: []\n';
    const run = await runCli(['validate'], { cwd: await configDir(config) });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^invites\.yaml:6:22: .*reserved character @; quote a value that starts with @, e\.g\. organization_id: "@current"\n$/);
  });

  it('a quoted, spaced email (" a@b.c ") is trimmed, as the README says', async () => {
    const cwd = await configDir(sandboxConfig('\n      - email: " Spaced@Acme.com "', ''));
    expect((await runAgainst(sandbox, ['validate'], { cwd })).code).toBe(0);
    const run = await runAgainst(sandbox, ['plan', '--format', 'json'], { cwd });
    expect(run.code, run.stderr).toBe(0);
    const emails = JSON.stringify(JSON.parse(run.stdout)).match(/"email":"[^"]*"/g) ?? [];
    expect(emails).toContain('"email":"spaced@acme.com"');
    expect(run.stdout).not.toContain(' spaced@acme.com');
  });
});
