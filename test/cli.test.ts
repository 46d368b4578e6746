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
    expect(await runCli(['plna'])).toEqual({ code: 1, stdout: '', stderr: expect.stringMatching(/^invitectl: unknown command "plna"; did you mean plan\? \(commands: .*\)\n$/) });
    expect((await runCli(['frobnicate'])).stderr).toMatch(/^invitectl: unknown command "frobnicate" \(commands: /);
  });

  it('refuses an unknown flag with one line naming the verb', async () => {
    const run = await runCli(['validate', '--confg', 'x.yaml']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("invitectl validate: Unknown option '--confg'; did you mean --config? (see invitectl validate --help)\n");
    expect((await runCli(['--vresion'])).stderr).toBe('invitectl: unknown option "--vresion"; did you mean --version? (see invitectl --help)\n');
  });

  it('has help and version verbs: invitectl help, invitectl help VERB, invitectl version', async () => {
    expect(await runCli(['version'])).toEqual({ code: 0, stdout: `${packageJson.version}\n`, stderr: '' });
    const help = await runCli(['help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: invitectl <command>/m);
    for (const verb of VERBS) {
      const run = await runCli(['help', verb]);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^Usage: invitectl ${verb}`));
    }
    const unknown = await runCli(['help', 'aply']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^invitectl: unknown command "aply"; did you mean apply\?/);
  });

  it('says what is wrong with a negative number (--concurrency -1), not that the flag is ambiguous', async () => {
    for (const argv of [['apply', '--concurrency', '-1'], ['apply', '--concurrency=-1']]) {
      const run = await runCli(argv);
      expect(run.code).toBe(1);
      expect(run.stderr).toBe('invitectl apply: --concurrency must be a whole number from 1 to 64, not "-1"\n');
    }
  });
});
