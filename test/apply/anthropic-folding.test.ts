// Anthropic address folding through the sandbox: +tag variants match members and invites the way the API matches them.
import { afterEach, describe, expect, it } from 'vitest';
import { defaultAnthropicSeed, type AnthropicSeed } from '../../src/emulators/anthropic/index.ts';
import { startSandbox, type Sandbox } from '../../src/emulators/sandbox.ts';
import { configDir, runAgainst } from '../helpers/sandbox-cli.ts';

let sandbox: Sandbox;
afterEach(async () => {
  await sandbox.close();
});

/** Members and invites whose addresses differ from the config's only by case and +tag. */
function plusTagSeed(): AnthropicSeed {
  const base = defaultAnthropicSeed();
  return {
    organization: base.organization,
    api_keys: base.api_keys,
    users: [
      { email: 'jane@acme.com', role: 'user', age_days: 100 },
      { email: 'Lee+work@acme.com', role: 'developer', age_days: 50 },
    ],
    invites: [
      { email: 'sam+old@acme.com', role: 'user', age_days: 2 },
      { email: 'bot+ci@acme.com', role: 'user', age_days: 2 },
    ],
  };
}

const CONFIG = `version: 1
orgs:
  claude:
    provider: anthropic
    base_url: \${INVITECTL_ANTHROPIC_URL}
    ignore: ["bot+*@acme.com"]
    invites:
      - email: jane+x@acme.com
      - email: lee@acme.com
        role: developer
      - email: Sam@acme.com
      - email: kim+ops@acme.com
`;

describe('Anthropic address folding', () => {
  it('a listed +tag variant of a member or invitee is matched, not re-invited; apply creates only the new one; plan converges', async () => {
    sandbox = await startSandbox({ seed: { anthropic: plusTagSeed() } });
    const dir = await configDir(CONFIG);
    const plan = await runAgainst(sandbox, ['plan', '--detailed-exitcode'], { cwd: dir });
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(2);
    expect(plan.stdout).toMatch(/\+ +invite +kim\+ops@acme\.com +role: user$/m);
    expect(plan.stdout).not.toMatch(/jane|lee|sam|bot/);
    const apply = await runAgainst(sandbox, ['apply', '--yes'], { cwd: dir });
    expect(apply.stdout).toMatch(/^Apply: 1 applied, 0 confirmed, 0 failed, 0 skipped\.$/m);
    expect(apply.code).toBe(0);
    const again = await runAgainst(sandbox, ['plan', '--detailed-exitcode'], { cwd: dir });
    expect(again.code).toBe(0);
    const pending = sandbox.anthropic.api.invites().filter((invite) => invite.status === 'pending');
    // Stored as sent; the +tag invite and the ignored one are neither revoked nor re-sent.
    expect(pending.map((invite) => invite.email).sort()).toEqual(['bot+ci@acme.com', 'kim+ops@acme.com', 'sam+old@acme.com']);
    expect(sandbox.anthropic.api.emailsSent()).toBe(1);
    // import prints each invite's own address, not the folded form it is matched by.
    const imported = await runAgainst(sandbox, ['import', '--org', 'claude'], { cwd: dir });
    expect(imported.stdout).toMatch(/- email: sam\+old@acme\.com$/m);
  });
});
