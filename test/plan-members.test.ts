// The planner with members: report|manage (issue #16): one table row per rule, and each provider's words.
import { describe, expect, it } from 'vitest';
import type { Change, CurrentMember, MemberManagement, ProviderName } from '../src/model.ts';
import { providerModule } from '../src/providers/registry.ts';
import { A, B, C, D, expectRow, NOW, pending, planAcme, want, type PlanRow } from './helpers/states.ts';

/** The provider's own member words, as the config maps them. */
function manage(provider: ProviderName = 'posthog', extra: Partial<MemberManagement> = {}): MemberManagement {
  const words = providerModule(provider).config.memberAccess!;
  return { mode: 'manage', ownerAccess: words.owner, protectedAccess: words.protected, ...(words.fixed ? { fixedAccess: words.fixed } : {}), ...extra };
}

/** A table row whose changes may be member changes (Omit over the union keeps only the shared keys). */
type MemberRow = Omit<PlanRow, 'changes'> & { changes?: (Change extends infer C ? (C extends Change ? Omit<C, 'org'> : never) : never)[] };

const m = (email: string, access: string, extra: Partial<CurrentMember> = {}): CurrentMember => ({ email, access, id: `id-${email}`, ...extra });
const YESTERDAY = '2026-06-14';
/** An owner who stays, so the last-owner rule does not hide the rule a row is about. */
const ROOT = 'root@acme.com';
const root = m(ROOT, 'owner');
const rootKept = { email: ROOT, access: 'owner', reason: 'protected', protection: 'owner', wanted: 'remove' } as const;

describe('members: manage (PostHog words: owner; protected owner, admin)', () => {
  it.each<MemberRow>([
    {
      name: 'a listed member with the same access: kept as a member, as before',
      desired: { members: manage(), invites: [want(A, 'member'), want(ROOT, 'owner')] },
      members: [m(A, 'member'), root],
      kept: [{ email: A, access: 'member', reason: 'member' }, { email: ROOT, access: 'owner', reason: 'member' }],
    },
    {
      name: 'a listed member with another access: change-role from → to',
      desired: { members: manage(), invites: [want(A, 'admin'), want(ROOT, 'owner')] },
      members: [m(A, 'member'), root],
      changes: [{ action: 'change-role', email: A, from: 'member', to: 'admin', memberId: `id-${A}` }],
      kept: [{ email: ROOT, access: 'owner', reason: 'member' }],
    },
    {
      name: 'an unlisted member: remove-member (unlisted), whatever prune says',
      desired: { members: manage(), prune: false, invites: [want(ROOT, 'owner')] },
      members: [m(B, 'member'), root],
      changes: [{ action: 'remove-member', email: B, reason: 'unlisted', from: 'member', memberId: `id-${B}` }],
      kept: [{ email: ROOT, access: 'owner', reason: 'member' }],
    },
    {
      name: 'a member whose until has passed: remove-member (ended), and their pending invite is revoked',
      desired: { members: manage(), invites: [want(C, 'member', { until: YESTERDAY }), want(ROOT, 'owner')] },
      invites: [pending('i1', C, 'member')],
      members: [m(C, 'member'), root],
      changes: [
        { action: 'delete', email: C, from: 'member', inviteId: 'i1', inviteStatus: 'pending' },
        { action: 'remove-member', email: C, reason: 'ended', from: 'member', memberId: `id-${C}` },
      ],
      kept: [{ email: ROOT, access: 'owner', reason: 'member' }],
    },
    {
      name: 'an ignored member is left alone (no row at all)',
      desired: { members: manage(), ignore: ['*@acme.com'], invites: [] },
      members: [m(B, 'member')],
    },
    {
      name: 'an admin is protected (admin) from a demotion; the row says what was wanted',
      desired: { members: manage(), invites: [want(A, 'member'), want(ROOT, 'owner')] },
      members: [m(A, 'admin'), root],
      kept: [
        { email: A, access: 'admin', reason: 'protected', protection: 'admin', wanted: 'member' },
        { email: ROOT, access: 'owner', reason: 'member' },
      ],
    },
    {
      name: 'an unlisted owner is protected (owner) from removal',
      desired: { members: manage(), invites: [want(A, 'owner')] },
      members: [m(A, 'owner'), m(B, 'owner')],
      kept: [{ email: A, access: 'owner', reason: 'member' }, { email: B, access: 'owner', reason: 'protected', protection: 'owner', wanted: 'remove' }],
    },
    {
      name: 'override_protection lifts owner: demoted while another owner remains',
      desired: { members: manage(), invites: [want(A, 'member', { overrideProtection: true })] },
      members: [m(A, 'owner'), root],
      changes: [{ action: 'change-role', email: A, from: 'owner', to: 'member', memberId: `id-${A}` }],
      kept: [rootKept],
    },
    {
      name: 'the last owner is never demoted, override or not',
      desired: { members: manage(), invites: [want(A, 'member', { overrideProtection: true })] },
      members: [m(A, 'owner'), m(B, 'admin', { id: undefined })],
      kept: [
        { email: A, access: 'owner', reason: 'protected', protection: 'last-owner', wanted: 'member' },
        { email: B, access: 'admin', reason: 'protected', protection: 'admin', wanted: 'remove' },
      ],
    },
    {
      name: 'two owners both overridden for removal (ended): the first goes, the second is the last owner',
      desired: { members: manage(), invites: [want(A, 'owner', { until: YESTERDAY, overrideProtection: true }), want(B, 'owner', { until: YESTERDAY, overrideProtection: true })] },
      members: [m(A, 'owner'), m(B, 'owner')],
      changes: [{ action: 'remove-member', email: A, reason: 'ended', from: 'owner', memberId: `id-${A}` }],
      kept: [{ email: B, access: 'owner', reason: 'protected', protection: 'last-owner', wanted: 'remove' }],
    },
    {
      name: 'a promotion in the same plan does not count as an owner that remains',
      desired: { members: manage(), invites: [want(A, 'member', { overrideProtection: true }), want(B, 'owner')] },
      members: [m(A, 'owner'), m(B, 'member')],
      changes: [{ action: 'change-role', email: B, from: 'member', to: 'owner', memberId: `id-${B}` }],
      kept: [{ email: A, access: 'owner', reason: 'protected', protection: 'last-owner', wanted: 'member' }],
    },
    {
      name: 'the key owner is protected (self), matched case-insensitively; override lifts it',
      desired: { members: manage('posthog', { keyOwner: 'dan@acme.com' }), invites: [want(D, 'admin'), want(B, 'admin', { overrideProtection: true }), want(ROOT, 'owner')] },
      members: [m('Dan@Acme.com', 'member'), m(B, 'member'), root],
      changes: [{ action: 'change-role', email: B, from: 'member', to: 'admin', memberId: `id-${B}` }],
      kept: [{ email: D, access: 'member', reason: 'protected', protection: 'self', wanted: 'admin' }, { email: ROOT, access: 'owner', reason: 'member' }],
    },
    {
      name: 'a member without an id cannot be addressed (no-id), override or not',
      desired: { members: manage(), invites: [want(A, 'admin', { overrideProtection: true }), want(ROOT, 'owner')] },
      members: [m(A, 'member', { id: undefined }), root],
      kept: [{ email: A, access: 'member', reason: 'protected', protection: 'no-id', wanted: 'admin' }, { email: ROOT, access: 'owner', reason: 'member' }],
    },
    {
      name: 'a member with an email-less record is never matched',
      desired: { members: manage(), invites: [want(ROOT, 'owner')] },
      members: [m('', 'member'), root],
      kept: [{ email: ROOT, access: 'owner', reason: 'member' }],
    },
  ])('$name', (row) => expectRow(row as PlanRow));

  it('orders member writes after invite writes: delete, replace, create, change-role, remove-member', () => {
    const org = planAcme({
      desired: { members: manage(), invites: [want(A, 'admin'), want(B, 'member'), want(ROOT, 'owner')] },
      invites: [pending('i1', C, 'member'), pending('i2', B, 'admin')],
      members: [m(A, 'member'), m(D, 'member'), root],
    });
    expect(org.changes.map((change) => change.action)).toStrictEqual(['delete', 'replace', 'change-role', 'remove-member']);
  });
});

describe('members: report', () => {
  it('computes the same member changes into reported, never into changes; protected rows are kept', () => {
    const row = {
      desired: { members: { ...manage(), mode: 'report' as const }, invites: [want(A, 'admin'), want(ROOT, 'owner')] },
      members: [m(A, 'member'), m(B, 'member'), m(C, 'admin'), root],
    };
    const org = planAcme(row);
    expect(org.changes).toStrictEqual([]);
    expect(org.reported).toStrictEqual([
      { org: 'acme', action: 'change-role', email: A, from: 'member', to: 'admin', memberId: `id-${A}` },
      { org: 'acme', action: 'remove-member', email: B, reason: 'unlisted', from: 'member', memberId: `id-${B}` },
    ]);
    expect(org.kept).toStrictEqual([
      { email: C, access: 'admin', reason: 'protected', protection: 'admin', wanted: 'remove' },
      { email: ROOT, access: 'owner', reason: 'member' },
    ]);
    const managed = planAcme({ ...row, desired: { ...row.desired, members: manage() } });
    expect(managed.changes).toStrictEqual(org.reported);
    expect(managed.reported).toBeUndefined();
  });

  it('an org without member changes still says it reports (an empty list)', () => {
    expect(planAcme({ desired: { members: { ...manage(), mode: 'report' } } }).reported).toStrictEqual([]);
  });
});

describe('members unset: the plan is as before', () => {
  it('members of every kind give no member change, no protected row and no reported list', () => {
    const org = planAcme({
      desired: { invites: [want(A, 'admin'), want(C, 'member', { until: YESTERDAY })] },
      members: [m(A, 'member'), m(B, 'owner'), m(C, 'member')],
      now: NOW,
    });
    expect(org.changes).toStrictEqual([]);
    expect(org.kept).toStrictEqual([{ email: A, access: 'member', reason: 'member' }, { email: C, access: 'member', reason: 'grant-ended' }]);
    expect('reported' in org).toBe(false);
  });
});

describe('each provider brings its own protected words', () => {
  it.each<[ProviderName, string, string, 'owner' | 'admin' | 'api-refuses' | undefined]>([
    ['posthog', 'admin', 'member', 'admin'],
    ['posthog', 'owner', 'admin', 'owner'],
    ['anthropic', 'admin', 'user', 'api-refuses'],
    ['anthropic', 'membership_admin', 'user', 'api-refuses'],
    ['anthropic', 'primary_owner', 'user', 'api-refuses'],
    ['anthropic', 'owner', 'managed', 'api-refuses'],
    ['anthropic', 'developer', 'user', undefined],
    ['openai', 'owner', 'reader', 'owner'],
    ['openai', 'reader', 'owner', undefined],
  ])('%s: a %s listed as %s → %s', (provider, current, listed, protection) => {
    const org = planAcme({
      desired: { provider, members: manage(provider), invites: [want(A, listed)] },
      // A second owner, so the last-owner rule never decides these rows.
      members: [m(A, current), m(ROOT, providerModule(provider).config.memberAccess!.owner[0]!)],
    });
    const mine = org.kept.find((kept) => kept.email === A);
    if (protection === undefined) expect(org.changes).toStrictEqual([{ org: 'acme', action: 'change-role', email: A, from: current, to: listed, memberId: `id-${A}` }]);
    else expect(mine).toStrictEqual({ email: A, access: current, reason: 'protected', protection, wanted: listed });
  });

  it.each<[CurrentMember['managedBy'] & string]>([['scim'], ['service-account'], ['default-user']])('openai: a member the API marks %s is protected unless overridden', (managedBy) => {
    const desired = (override: boolean) => ({ provider: 'openai' as const, members: manage('openai'), invites: [want(A, 'owner', override ? { overrideProtection: true } : {})] });
    const members = [m(A, 'reader', { managedBy })];
    expect(planAcme({ desired: desired(false), members }).kept).toStrictEqual([{ email: A, access: 'reader', reason: 'protected', protection: managedBy, wanted: 'owner' }]);
    expect(planAcme({ desired: desired(true), members }).changes).toStrictEqual([{ org: 'acme', action: 'change-role', email: A, from: 'reader', to: 'owner', memberId: `id-${A}` }]);
  });

  it.each(['admin', 'owner', 'primary_owner', 'membership_admin'])('anthropic: a %s stays, override or not, as a role the API never changes or removes', (access) => {
    for (const listed of [[want(A, 'user', { overrideProtection: true })], [{ ...want(A, 'user', { overrideProtection: true }), until: '2026-06-14' }]]) {
      const org = planAcme({ desired: { provider: 'anthropic', members: manage('anthropic'), invites: listed }, members: [m(A, access), m(ROOT, 'owner')] });
      expect(org.changes).toStrictEqual([]);
      expect(org.kept.find((kept) => kept.email === A)).toMatchObject({ email: A, access, reason: 'protected', protection: 'api-refuses' });
    }
  });

  it('anthropic: the key owner is matched as the API folds +tags', () => {
    const org = planAcme({
      desired: { provider: 'anthropic', members: manage('anthropic', { keyOwner: 'ops+key@acme.com' }), invites: [] },
      members: [m('ops@acme.com', 'developer')],
    });
    expect(org.kept).toStrictEqual([{ email: 'ops@acme.com', access: 'developer', reason: 'protected', protection: 'self', wanted: 'remove' }]);
  });
});
