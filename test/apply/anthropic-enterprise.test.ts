// Claude Enterprise orgs through the sandbox: managed invites, Enterprise-only member roles, per-edition role rules.
import { afterEach, describe, expect, it } from 'vitest';
import { defaultAnthropicSeed, type AnthropicSeed } from '../../src/emulators/anthropic/index.ts';
import { startSandbox, type Sandbox } from '../../src/emulators/sandbox.ts';
import { configDir, runAgainst } from '../helpers/sandbox-cli.ts';

let sandbox: Sandbox;
afterEach(async () => {
  await sandbox.close();
});

/** A Claude Enterprise org with a member of every Enterprise-only role. */
function enterpriseSeed(): AnthropicSeed {
  const base = defaultAnthropicSeed();
  return {
    organization: { ...base.organization, edition: 'enterprise' },
    api_keys: base.api_keys,
    users: [
      { email: 'pat@acme.com', role: 'primary_owner', age_days: 400 },
      { email: 'olga@acme.com', role: 'owner', age_days: 300 },
      { email: 'mona@acme.com', role: 'membership_admin', age_days: 200 },
      { email: 'max@acme.com', role: 'managed', age_days: 100 },
      { email: 'ursula@acme.com', role: 'user', age_days: 50 },
    ],
    invites: [{ email: 'ingrid@acme.com', role: 'managed', age_days: 2 }],
  };
}

const config = (edition: string, invites: string) => `version: 1
orgs:
  claude:
    provider: anthropic
    base_url: \${INVITECTL_ANTHROPIC_URL}
    edition: ${edition}
    invites:${invites}
`;

describe('a Claude Enterprise org', () => {
  it('invites managed and user, reads Enterprise-only member roles, then converges; one email each', async () => {
    sandbox = await startSandbox({ seed: { anthropic: enterpriseSeed() } });
    const dir = await configDir(
      config(
        'enterprise',
        `
      - {email: pat@acme.com}
      - {email: olga@acme.com}
      - {email: mona@acme.com}
      - {email: max@acme.com, role: managed}
      - {email: ingrid@acme.com, role: managed}
      - {email: nina@acme.com, role: managed}
      - {email: otto@acme.com}`,
      ),
    );
    const plan = await runAgainst(sandbox, ['plan', '--detailed-exitcode'], { cwd: dir });
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(2);
    expect(plan.stdout).toMatch(/\+ +invite +nina@acme\.com +role: managed$/m);
    expect(plan.stdout).toMatch(/4 already members/);
    const imported = await runAgainst(sandbox, ['import', '--org', 'claude'], { cwd: dir });
    expect(imported.code).toBe(0);
    for (const [email, role] of [['pat', 'primary_owner'], ['olga', 'owner'], ['mona', 'membership_admin'], ['max', 'managed']]) {
      expect(imported.stdout).toContain(`#   ${email}@acme.com (role: ${role})`);
    }
    expect(imported.stdout).toMatch(/- email: ingrid@acme\.com\n\s+role: managed/);
    const apply = await runAgainst(sandbox, ['apply', '--yes'], { cwd: dir });
    expect(apply.code).toBe(0);
    const again = await runAgainst(sandbox, ['plan', '--detailed-exitcode'], { cwd: dir });
    expect(again.code).toBe(0);
    const pending = sandbox.anthropic.api.invites().filter((invite) => invite.status === 'pending');
    expect(pending.map((invite) => [invite.email, invite.role]).sort()).toEqual([
      ['ingrid@acme.com', 'managed'],
      ['nina@acme.com', 'managed'],
      ['otto@acme.com', 'user'],
    ]);
    for (const email of ['nina@acme.com', 'otto@acme.com']) expect(sandbox.anthropic.api.emailsSent(email)).toBe(1);
    expect(sandbox.anthropic.api.emailsSent('ingrid@acme.com')).toBe(0);
  });
});
