import { describe, expect, it } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };
import { runCli } from './helpers/cli.ts';

const VERBS = ['validate', 'plan', 'apply', 'import', 'schema', 'sandbox'];

describe('cli', () => {
  it('prints the version', async () => {
    expect(await runCli(['--version'])).toEqual({ code: 0, stdout: `${packageJson.version}\n`, stderr: '' });
  });

  it('lists every command in --help', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    for (const verb of VERBS) expect(run.stdout).toMatch(new RegExp(`^  ${verb} `, 'm'));
  });

  it.each(VERBS)('%s --help prints its usage', async (verb) => {
    const run = await runCli([verb, '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^Usage: invitectl ${verb}`));
  });

  it('refuses an unknown command with one line and exit 1', async () => {
    expect(await runCli(['plna'])).toEqual({ code: 1, stdout: '', stderr: expect.stringMatching(/^invitectl: unknown command "plna" \(commands: .*\)\n$/) });
  });

  it('refuses an unknown flag with one line naming the verb', async () => {
    const run = await runCli(['validate', '--confg', 'x.yaml']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("invitectl validate: Unknown option '--confg' (see invitectl validate --help)\n");
  });
});
