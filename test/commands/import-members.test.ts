// `import --members` (issue #16): members become entries with their access under `members: report`, so planning the import says "No changes.".
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoSeed } from '../../src/emulators/demo-seed.ts';
import { startSandbox, type Sandbox } from '../../src/emulators/sandbox.ts';
import { configDir, runAgainst, sandboxConfig } from '../helpers/sandbox-cli.ts';

const EXAMPLE = join(import.meta.dirname, '../../invites.example.yaml');

let sandbox: Sandbox;
beforeEach(async () => {
  sandbox = await startSandbox({ seed: demoSeed() });
});
afterEach(async () => {
  await sandbox.close();
});

const importOrg = async (org: string, extra: string[] = []) => runAgainst(sandbox, ['import', '--org', org, ...extra], { cwd: await configDir(await readFile(EXAMPLE, 'utf8')) });

describe('invitectl import --members', () => {
  it('lists every member with their access (owners and admins too) beside the pending invites, under members: report', async () => {
    const plain = await importOrg('acme-analytics');
    const run = await importOrg('acme-analytics', ['--members']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^# acme-analytics \(posthog\): \d+ pending invites? and \d+ members?, read /);
    expect(run.stdout).toMatch(/^members: report\ninvites:\n/m);
    for (const [email, level] of [['olivia@acme.com', 'owner'], ['adam@acme.com', 'admin'], ['mia@acme.com', 'member']]) {
      expect(run.stdout).toContain(`  - email: ${email}\n    level: ${level}\n`);
    }
    // Every pending invite the plain import lists is still listed; the members are no longer a comment.
    for (const line of plain.stdout.split('\n').filter((line) => line.startsWith('  - email: '))) expect(run.stdout).toContain(line);
    expect(run.stdout).not.toMatch(/need no invite/);
    // Without the flag, the output is what it was.
    expect(plain.stdout).toMatch(/^# Members \(\d+\) need no invite and are not listed:$/m);
    expect(plain.stdout).not.toMatch(/members: report/);
  });

  it('leaves out a member whose access the config cannot name (Anthropic admin), saying so', async () => {
    const run = await importOrg('acme-claude', ['--members']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^# 1 member not listed, the config cannot name their access: ada@acme\.com \(role: admin\)$/m);
    expect(run.stdout).not.toMatch(/^\s+role: admin$/m);
    expect(run.stdout).toContain('  - email: grace@acme.com\n    role: developer\n');
  });

  it('prints entries that, pasted under the org, plan "No changes."', async () => {
    const run = await importOrg('acme-analytics', ['--members']);
    const entries = run.stdout.split('\n').filter((line) => !line.startsWith('#') && line !== 'invites:' && !line.startsWith('members:')).map((line) => `  ${line}`).join('\n');
    const dir = await configDir(sandboxConfig(`\n${entries}`, '', '    ignore: ["*@contractors.acme.com"]\n'));
    const plan = await runAgainst(sandbox, ['plan', '--detailed-exitcode', '--org', 'analytics'], { cwd: dir });
    expect(plan.stdout).toMatch(/No changes\./);
    expect(plan.code).toBe(0);
  });
});
