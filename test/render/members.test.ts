// Rendering member changes (issue #16) in every format: symbols, protected rows with why, the reported section, the summary line, JSON fields.
import { describe, expect, it } from 'vitest';
import { fingerprintPlan } from '../../src/fingerprint.ts';
import { planOutputs } from '../../src/github/plan-report.ts';
import type { DesiredOrg, MembersMode } from '../../src/model.ts';
import { planChanges } from '../../src/plan.ts';
import { renderPlan, type RenderInput } from '../../src/render/index.ts';
import { toJsonPlan } from '../../src/render/json.ts';
import { checkSafety } from '../../src/safety.ts';

const LIMITS = { maxDeletes: 5, maxDeleteRatio: 0.25, maxMemberRemovals: 2, maxMemberRemovalRatio: 0.05 };
const MEMBERS = [
  { email: 'ann@acme.com', access: 'member', id: 'u1' },
  { email: 'bo@acme.com', access: 'member', id: 'u2' },
  { email: 'owner@acme.com', access: 'owner', id: 'u3' },
];

function org(name: string, mode: MembersMode, extra: Partial<DesiredOrg> = {}): DesiredOrg {
  return {
    name,
    provider: 'posthog',
    connection: { baseUrl: 'https://us.posthog.com', apiKeyEnv: 'K' },
    prune: true,
    reinviteExpired: true,
    ignore: [],
    safety: LIMITS,
    members: { mode, ownerAccess: ['owner'], protectedAccess: ['owner', 'admin'] },
    invites: [{ email: 'new@acme.com', access: 'member' }, { email: 'ann@acme.com', access: 'admin' }, { email: 'owner@acme.com', access: 'member' }],
    ...extra,
  };
}

function inputOf(...orgs: DesiredOrg[]): RenderInput {
  const plan = planChanges({ orgs }, { orgs: Object.fromEntries(orgs.map((o) => [o.name, { invites: [], members: MEMBERS }])) }, new Date('2026-06-15T12:00:00Z'));
  return { plan, safety: checkSafety(plan, Object.fromEntries(orgs.map((o) => [o.name, o.safety]))), fingerprint: fingerprintPlan(plan) };
}

const options = { color: false, redactEmails: false };

describe('text', () => {
  it('shows change role, remove member and protected rows with why; counts member changes apart', () => {
    const text = renderPlan('text', inputOf(org('acme', 'manage')), options);
    expect(text).toContain(
      [
        'acme (posthog)',
        '  +   invite         new@acme.com    level: member',
        '  ~   change role    ann@acme.com    level: member → admin',
        '  -   remove member  bo@acme.com     level: member          (unlisted)',
        '  !   keep           owner@acme.com  level: owner           (owner; protected — add override_protection: true to change; wanted: member)',
        '  1 protected member',
      ].join('\n'),
    );
    expect(text).toMatch(/\nPlan: 1 to invite, 0 to re-invite, 0 to revoke; members: 1 role change, 1 removal\.\n$/);
  });

  it('a role the API never changes shows why and suggests no override', () => {
    const fixed = org('acme', 'manage', { members: { mode: 'manage', ownerAccess: ['owner'], protectedAccess: ['owner', 'admin'], fixedAccess: ['owner'] } });
    const text = renderPlan('text', inputOf(fixed), options);
    expect(text).toContain('  !   keep           owner@acme.com  level: owner           (a role the API never changes or removes; protected; wanted: member)');
    expect(text).not.toContain('override_protection');
  });

  it('members: report lists the changes in their own section, apart in the summary, and says No changes', () => {
    const text = renderPlan('text', inputOf(org('acme', 'report', { invites: [{ email: 'ann@acme.com', access: 'admin' }, { email: 'owner@acme.com', access: 'owner' }] })), options);
    expect(text).toContain(
      [
        '  Reported (members: report — not applied):',
        '    ~   change role    ann@acme.com  level: member → admin',
        '    -   remove member  bo@acme.com   level: member          (unlisted)',
      ].join('\n'),
    );
    expect(text).toMatch(/\nReported \(members: report — not applied\): 1 role change, 1 removal\.\nNo changes\.\n$/);
  });

  it('the removal guard\'s warning names it', () => {
    const text = renderPlan('text', inputOf(org('acme', 'manage', { safety: { ...LIMITS, maxMemberRemovals: 0, maxMemberRemovalRatio: 0 } })), options);
    expect(text).toContain('Warning: 1 member removal exceeds max_member_removals (0) and max_member_removal_ratio (0 of 3 members); apply refuses this org without --allow-mass-delete.');
  });

  it('redacts emails in reported changes too', () => {
    const text = renderPlan('text', inputOf(org('acme', 'report')), { ...options, redactEmails: true });
    expect(text).not.toContain('bo@acme.com');
    expect(text).not.toContain('ann@acme.com');
  });
});

describe('markdown', () => {
  it('adds member columns, diff lines with notes, and the reported block', () => {
    const markdown = renderPlan('markdown', inputOf(org('acme', 'manage'), org('beta', 'report')), options);
    expect(markdown).toContain('**2 to invite, 0 to re-invite, 0 to revoke; members: 1 role change, 1 removal** across 2 orgs\n\nReported (members: report — not applied): **1 role change, 1 member removal**\n\n| Org');
    expect(markdown).toContain('| Org | Provider | Invite | Re-invite | Revoke | Role change | Remove member | Unchanged | Safety |');
    expect(markdown).toContain('| acme | posthog | 1 | 0 | 0 | 1 | 1 | 0 | ✅ |');
    expect(markdown).toContain('- bo@acme.com     level: member  (member, removed: unlisted)');
    expect(markdown).toContain('+ ann@acme.com    level: admin   (member, role change)');
    expect(markdown).toContain('  owner@acme.com  level: owner   (owner; protected — add override_protection: true to change; wanted: member)');
    expect(markdown).toContain('Reported (members: report — not applied): **1 role change, 1 member removal**');
    expect(markdown).toContain('- remove member  bo@acme.com   level: member  (unlisted)');
  });

  it('a table cell names the removal guard when it trips', () => {
    const markdown = renderPlan('markdown', inputOf(org('acme', 'manage', { safety: { ...LIMITS, maxMemberRemovals: 0, maxMemberRemovalRatio: 0 } })), options);
    expect(markdown).toContain('| ⚠️ 1 removal over limit |');
  });

  it('a cut never hides a removal or a revoke while it shows an invite', () => {
    const invites = Array.from({ length: 400 }, (_, i) => ({ email: `a${String(i).padStart(3, '0')}@acme.com`, access: 'member' }));
    const members = Array.from({ length: 60 }, (_, i) => ({ email: `z${i}@acme.com`, access: 'member', id: `m${i}` }));
    const desired = org('acme', 'manage', { invites, safety: { ...LIMITS, maxMemberRemovals: 1000 } });
    const plan = planChanges({ orgs: [desired] }, { orgs: { acme: { invites: [], members } } }, new Date('2026-06-15T12:00:00Z'));
    const markdown = renderPlan('markdown', { plan, safety: checkSafety(plan, { acme: desired.safety }), fingerprint: fingerprintPlan(plan) }, { ...options, maxLength: 6_000 });
    expect(markdown).toContain('not shown');
    const shownCreates = markdown.split('\n').filter((line) => /^\+ a\d{3}@acme\.com/.test(line)).length;
    const shownRemovals = markdown.split('\n').filter((line) => /^- z\d+@acme\.com/.test(line)).length;
    expect(shownCreates).toBeGreaterThan(0);
    expect(shownRemovals).toBe(60);
  });
});

describe('json', () => {
  it('documents member changes, protected members, reported changes and the removal guard', () => {
    const json = toJsonPlan(inputOf(org('acme', 'manage'), org('beta', 'report')), options);
    const [acme, beta] = json.orgs;
    expect(acme?.changes.slice(1)).toStrictEqual([
      { action: 'change-role', email: 'ann@acme.com', from: { level: 'member' }, to: { level: 'admin' } },
      { action: 'remove-member', email: 'bo@acme.com', reason: 'unlisted', from: { level: 'member' } },
    ]);
    expect(acme?.protected).toStrictEqual([{ email: 'owner@acme.com', access: { level: 'owner' }, protection: 'owner', wanted: { level: 'member' } }]);
    expect(acme?.safety).toStrictEqual({ ok: true, deletes: 0, pending: 0, max_deletes: 5, max_delete_ratio: 0.25, removals: 1, members: 3, max_member_removals: 2, max_member_removal_ratio: 0.05 });
    expect(beta?.reported).toStrictEqual(acme?.changes.slice(1));
    expect(json.summary).toStrictEqual({ create: 2, replace: 0, delete: 0, 'change-role': 1, 'remove-member': 1 });
    expect(json.reported).toStrictEqual({ 'change-role': 1, 'remove-member': 1 });
  });
});

describe('GitHub step outputs', () => {
  it('add change_role and remove_member only when the plan changes members', () => {
    const input = inputOf(org('acme', 'manage'));
    expect(planOutputs(input.plan, input.fingerprint)).toStrictEqual({ has_changes: 'true', create: '1', replace: '0', delete: '0', change_role: '1', remove_member: '1', fingerprint: input.fingerprint });
    const reportOnly = inputOf(org('acme', 'report', { invites: [] }));
    expect(Object.keys(planOutputs(reportOnly.plan, reportOnly.fingerprint))).toStrictEqual(['has_changes', 'create', 'replace', 'delete', 'fingerprint']);
  });
});
