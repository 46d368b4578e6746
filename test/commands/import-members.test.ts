// `import --members` (issue #16): members become entries with their access under `members: report`, so planning the import says "No changes.".
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configDir, demoSandboxPerTest, EXAMPLE_CONFIG, runAgainst } from '../helpers/sandbox-cli.ts';


const demo = demoSandboxPerTest();

const importOrg = async (org: string, extra: string[] = []) => runAgainst(demo.sandbox, ['import', '--org', org, ...extra], { cwd: await configDir(await readFile(EXAMPLE_CONFIG, 'utf8')) });

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

  it('prints YAML that, pasted under the org, plans "No changes." with members: report and then with manage', async () => {
    for (const [org, provider] of [['acme-analytics', 'analytics'], ['acme-claude', 'claude']] as const) {
      const run = await importOrg(org, ['--members']);
      const pasted = run.stdout.split('\n').filter((line) => !line.startsWith('#') && line !== '').map((line) => `    ${line}`).join('\n');
      for (const mode of ['report', 'manage']) {
        const body = pasted.replace('members: report', `members: ${mode}`);
        const dir = await configDir(`version: 1
orgs:
  ${provider}:
${provider === 'analytics' ? '    provider: posthog\n    host: ${INVITECTL_POSTHOG_URL}\n    organization_id: 0190a4f2-7c11-7000-8000-2f4c1d0a5e33' : '    provider: anthropic\n    base_url: ${INVITECTL_ANTHROPIC_URL}'}
    ignore: ["*@contractors.acme.com"]
${body}
`);
        const plan = await runAgainst(demo.sandbox, ['plan', '--detailed-exitcode'], { cwd: dir });
        expect(plan.stderr).toBe('');
        expect(plan.stdout).toMatch(/No changes\./);
        expect(plan.code).toBe(0);
      }
    }
  });
});
