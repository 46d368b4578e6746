// Issue #16, done-when 1: through main() against the sandbox, per API, a role change, a removal, an `until` removal and protected members plan and apply; then plan --detailed-exitcode exits 0.
import { afterEach, describe, expect, it } from 'vitest';
import { defaultAnthropicSeed } from '../../src/emulators/anthropic/index.ts';
import { defaultOpenAISeed } from '../../src/emulators/openai/index.ts';
import { DEFAULT_ORGANIZATION_ID } from '../../src/emulators/posthog/index.ts';
import { startSandbox, type Sandbox } from '../../src/emulators/sandbox.ts';
import { configDir, runAgainst } from '../helpers/sandbox-cli.ts';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

/** One org under `members: manage` with its key's own user named, and these entries. */
const config = (connection: string, keyOwner: string, entries: string) => `version: 1
orgs:
  team:
${connection}
    members: manage
    key_owner: ${keyOwner}
    invites:${entries}
`;

/** Plans (changes expected: exit 2), applies, and plans again (exit 0); returns the first plan's text. */
async function planApplyReplan(dir: string): Promise<{ plan: string; apply: string }> {
  const plan = await runAgainst(sandbox!, ['plan', '--detailed-exitcode'], { cwd: dir });
  expect(plan.stderr).toBe('');
  expect(plan.code).toBe(2);
  const apply = await runAgainst(sandbox!, ['apply', '--yes'], { cwd: dir });
  expect(apply.code).toBe(0);
  const again = await runAgainst(sandbox!, ['plan', '--detailed-exitcode'], { cwd: dir });
  expect(again.stdout).toMatch(/No changes\./);
  expect(again.code).toBe(0);
  return { plan: plan.stdout, apply: apply.stderr };
}

/** The plan names each member change with its words, and shows each protected member as kept, with why (no change). */
function expectPlanned(plan: string, role: string, removed: string[], protectedOnes: string[]): void {
  const lines = plan.split('\n');
  expect(lines.filter((line) => /^\s+~\s+change role\s/.test(line)).map((line) => line.split(/\s+/)[4])).toEqual([role]);
  expect(lines.filter((line) => /^\s+-\s+remove member\s/.test(line)).map((line) => line.split(/\s+/)[4])).toEqual(removed);
  const kept = lines.filter((line) => /^\s+!\s+keep\s.*\bprotected\b/.test(line)).map((line) => line.split(/\s+/)[3]);
  expect(kept.sort()).toEqual([...protectedOnes].sort());
  expect(plan).toMatch(new RegExp(`\\b${protectedOnes.length} protected members?\\b`));
  expect(plan).toMatch(new RegExp(`members: 1 role change, ${removed.length} removals\\.`));
}

describe('members: manage end to end through main()', () => {
  it('posthog: promotes, removes an unlisted and an ended member, keeps the owner (the key\'s own user) and the admin', { timeout: 30_000 }, async () => {
    sandbox = await startSandbox();
    for (const email of ['ben@acme.com', 'carl@acme.com', 'dora@acme.com']) sandbox.posthog.api.addMember(DEFAULT_ORGANIZATION_ID, { email, level: 1 });
    const dir = await configDir(config(`    provider: posthog
    host: \${INVITECTL_POSTHOG_URL}
    organization_id: ${DEFAULT_ORGANIZATION_ID}`, 'olivia@acme.com', `
      - { email: mia@acme.com, level: admin }
      - { email: ben@acme.com, level: member, until: 2020-01-31 }
      - { email: carl@acme.com, level: member }`));
    const { plan } = await planApplyReplan(dir);
    expectPlanned(plan, 'mia@acme.com', ['ben@acme.com', 'dora@acme.com'], ['olivia@acme.com', 'adam@acme.com']);
    const levels = sandbox.posthog.api.membersOf(DEFAULT_ORGANIZATION_ID).map((member) => `${member.user.email} ${member.level}`).sort();
    expect(levels).toEqual(['adam@acme.com 8', 'carl@acme.com 1', 'mia@acme.com 8', 'olivia@acme.com 15']);
  });

  it('anthropic: changes a role, removes an unlisted and an ended member, keeps the admin who owns the key', { timeout: 30_000 }, async () => {
    sandbox = await startSandbox({ seed: { anthropic: { ...defaultAnthropicSeed(), users: [...(defaultAnthropicSeed().users ?? []), { email: 'bob@acme.com', role: 'user' }], invites: [] } } });
    const dir = await configDir(config(`    provider: anthropic
    base_url: \${INVITECTL_ANTHROPIC_URL}`, 'ada@acme.com', `
      - { email: grace@acme.com, role: billing }
      - { email: linus@acme.com, role: user, until: 2020-01-31 }
      - { email: bob@acme.com, role: user }`));
    const { plan } = await planApplyReplan(dir);
    expectPlanned(plan, 'grace@acme.com', ['linus@acme.com', 'margaret@acme.com'], ['ada@acme.com']);
    expect(sandbox.anthropic.api.users().map((user) => `${user.email} ${user.role}`).sort()).toEqual(['ada@acme.com admin', 'bob@acme.com user', 'grace@acme.com billing']);
  });

  it('openai: promotes to owner, removes an unlisted and an ended member, keeps the key\'s owner and a SCIM-managed user', { timeout: 30_000 }, async () => {
    sandbox = await startSandbox({ seed: { openai: { ...defaultOpenAISeed(), invites: [], users: [
      { id: 'user_olga', email: 'olga@acme.com', role: 'owner' },
      { id: 'user_kim', email: 'kim@acme.com', role: 'reader' },
      { id: 'user_sam', email: 'sam@acme.com', role: 'reader' },
      { id: 'user_tom', email: 'tom@acme.com', role: 'reader' },
      { id: 'user_idp', email: 'idp@acme.com', role: 'reader', is_scim_managed: true },
    ] } } });
    const dir = await configDir(config(`    provider: openai
    base_url: \${INVITECTL_OPENAI_URL}`, 'olga@acme.com', `
      - { email: kim@acme.com, role: owner }
      - { email: sam@acme.com, role: reader, until: 2020-01-31 }`));
    const { plan } = await planApplyReplan(dir);
    expectPlanned(plan, 'kim@acme.com', ['sam@acme.com', 'tom@acme.com'], ['olga@acme.com', 'idp@acme.com']);
    expect(sandbox.openai.api.users().map((user) => `${user.email} ${user.role}`).sort()).toEqual(['idp@acme.com reader', 'kim@acme.com owner', 'olga@acme.com owner']);
  });

  it('the removal guard: three removals exceed max_member_removals (2) and the ratio, so apply refuses with exit 1 and writes nothing; --allow-mass-delete applies', { timeout: 30_000 }, async () => {
    sandbox = await startSandbox();
    for (const email of ['ben@acme.com', 'carl@acme.com', 'dora@acme.com']) sandbox.posthog.api.addMember(DEFAULT_ORGANIZATION_ID, { email, level: 1 });
    const before = () => sandbox!.posthog.api.membersOf(DEFAULT_ORGANIZATION_ID).map((member) => `${member.user.email} ${member.level}`).sort();
    const members = before();
    const dir = await configDir(config(`    provider: posthog
    host: \${INVITECTL_POSTHOG_URL}
    organization_id: ${DEFAULT_ORGANIZATION_ID}`, 'olivia@acme.com', ' []'));
    const refused = await runAgainst(sandbox, ['apply', '--yes'], { cwd: dir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/max_member_removals \(2\)/);
    expect(refused.stderr.trim().split('\n').some((line) => /Traceback|\bat .*\.ts:\d+/.test(line))).toBe(false);
    expect(before()).toEqual(members);
    expect(sandbox.posthog.log.filter((entry) => entry.method !== 'GET')).toEqual([]);
    const allowed = await runAgainst(sandbox, ['apply', '--yes', '--allow-mass-delete'], { cwd: dir });
    expect(allowed.code).toBe(0);
    expect(before()).toEqual(['adam@acme.com 8', 'olivia@acme.com 15']);
  });
});
