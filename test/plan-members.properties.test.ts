// Properties of member management over random member sets and configs (issue #16): protected members are never changed, the last owner stays, unset changes nothing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchesAny } from '../src/glob.ts';
import type { CurrentMember, DesiredInvite, DesiredOrg, MemberManagedBy, OrgPlan, ProviderName } from '../src/model.ts';
import { planChanges } from '../src/plan.ts';
import { providerModule } from '../src/providers/registry.ts';
import { fuzzSeed } from './helpers/fuzz-seed.ts';

const RUNS = { numRuns: 400, ...fuzzSeed(20261201) };
const NOW = new Date('2026-06-15T12:00:00.000Z');
const EMAILS = ['ann@a.io', 'bo@a.io', 'cy@b.io', 'di@b.io', 'ed@c.io', 'flo@c.io'] as const;

/** Every access a member may hold, protected ones included, per provider. */
const MEMBER_ACCESS: Record<ProviderName, readonly string[]> = {
  posthog: ['member', 'admin', 'owner'],
  anthropic: ['user', 'developer', 'admin', 'owner', 'primary_owner', 'membership_admin', 'managed'],
  openai: ['reader', 'owner'],
};

interface World {
  org: DesiredOrg;
  members: CurrentMember[];
}

const worldArb: fc.Arbitrary<World> = fc.constantFrom<ProviderName>('posthog', 'anthropic', 'openai').chain((provider) => {
  const config = providerModule(provider).config;
  const member = fc.record(
    {
      email: fc.constantFrom(...EMAILS),
      access: fc.constantFrom(...MEMBER_ACCESS[provider]),
      id: fc.option(fc.constantFrom('u1', 'u2', 'u3', 'u4'), { nil: undefined, freq: 6 }),
      managedBy: fc.option(fc.constantFrom<MemberManagedBy>('scim', 'service-account', 'default-user'), { nil: undefined, freq: 4 }),
    },
    { requiredKeys: ['email', 'access'] },
  );
  const invite = fc.record(
    {
      email: fc.constantFrom(...EMAILS),
      access: fc.constantFrom(...config.accessWords),
      until: fc.option(fc.constantFrom('2026-06-14', '2026-06-16'), { nil: undefined }),
      overrideProtection: fc.option(fc.constant(true), { nil: undefined }),
    },
    { requiredKeys: ['email', 'access'] },
  );
  return fc
    .record({
      mode: fc.constantFrom('manage' as const, 'report' as const),
      keyOwner: fc.option(fc.constantFrom(...EMAILS), { nil: undefined }),
      ignore: fc.subarray(['*@c.io', 'bo@*']),
      invites: fc.uniqueArray(invite, { selector: (entry) => entry.email, maxLength: EMAILS.length }),
      members: fc.uniqueArray(member, { selector: (entry) => entry.email, maxLength: EMAILS.length }),
    })
    .map(({ mode, keyOwner, ignore, invites, members }) => ({
      org: {
        name: 'acme',
        provider,
        connection: { baseUrl: 'http://127.0.0.1:1', apiKeyEnv: 'KEY' },
        prune: true,
        reinviteExpired: true,
        ignore,
        safety: { maxDeletes: 5, maxDeleteRatio: 0.25 },
        invites: invites.filter((entry) => !matchesAny(entry.email, ignore)).map((entry) => stripUndefined(entry)),
        members: { mode, ...(keyOwner === undefined ? {} : { keyOwner }), ownerAccess: config.memberAccess!.owner, protectedAccess: config.memberAccess!.protected },
      },
      members: members.map((entry) => stripUndefined(entry)),
    }));
});

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

function planOf(org: DesiredOrg, members: CurrentMember[]): OrgPlan {
  return planChanges({ orgs: [org] }, { orgs: { [org.name]: { invites: [], members } } }, NOW).orgs[0]!;
}

const memberChangesOf = (plan: OrgPlan) => [...plan.changes.filter((change) => change.action === 'change-role' || change.action === 'remove-member'), ...(plan.reported ?? [])];

describe('member management properties', () => {
  it('a protected member is never changed or removed unless their entry overrides it; never without an id', () => {
    fc.assert(
      fc.property(worldArb, ({ org, members }) => {
        const plan = planOf(org, members);
        for (const change of memberChangesOf(plan)) {
          const member = members.find((candidate) => candidate.email === change.email)!;
          const entry: DesiredInvite | undefined = org.invites.find((candidate) => candidate.email === change.email);
          expect(member.id, `${change.email} has an id`).toBeDefined();
          const protectedNow = member.managedBy !== undefined || member.email === org.members!.keyOwner || org.members!.protectedAccess.includes(member.access);
          if (protectedNow) expect(entry?.overrideProtection, `${change.email} (${member.access}) is changed only with an override`).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('the last owner is never demoted or removed, override or not: an org with an owner keeps one', () => {
    fc.assert(
      fc.property(worldArb, ({ org, members }) => {
        const owners = org.members!.ownerAccess;
        const after = new Map(members.map((member) => [member.email, member.access]));
        for (const change of memberChangesOf(planOf(org, members))) {
          if (change.action === 'remove-member') after.delete(change.email);
          else after.set(change.email, owners.includes(change.from) ? change.to : change.from);
        }
        const ownersBefore = members.filter((member) => owners.includes(member.access)).length;
        const ownersAfter = [...after.values()].filter((access) => owners.includes(access)).length;
        if (ownersBefore > 0) expect(ownersAfter).toBeGreaterThan(0);
      }),
      RUNS,
    );
  });

  it('report and manage compute the same member changes; report never puts one in changes', () => {
    fc.assert(
      fc.property(worldArb, ({ org, members }) => {
        const managed = planOf({ ...org, members: { ...org.members!, mode: 'manage' } }, members);
        const reported = planOf({ ...org, members: { ...org.members!, mode: 'report' } }, members);
        expect(reported.changes.filter((change) => change.action === 'change-role' || change.action === 'remove-member')).toStrictEqual([]);
        expect(reported.reported).toStrictEqual(memberChangesOf(managed));
        expect(reported.kept).toStrictEqual(managed.kept);
      }),
      RUNS,
    );
  });

  // Two applies: a promotion does not count as a remaining owner, so demoting the old last owner waits for the next plan.
  it('applying manage\'s member changes converges within two applies: then no member change is left', () => {
    fc.assert(
      fc.property(worldArb, ({ org, members }) => {
        const manage = { ...org, members: { ...org.members!, mode: 'manage' as const } };
        let next = [...members];
        for (let round = 0; round < 2; round += 1) {
          for (const change of memberChangesOf(planOf(manage, next))) {
            if (change.action === 'remove-member') next = next.filter((member) => member.email !== change.email);
            else if (change.action === 'change-role') next = next.map((member) => (member.email === change.email ? { ...member, access: change.to } : member));
          }
        }
        expect(memberChangesOf(planOf(manage, next))).toStrictEqual([]);
      }),
      RUNS,
    );
  });

  it('with members unset the plan has no member change, no protected row, no reported list', () => {
    fc.assert(
      fc.property(worldArb, ({ org, members }) => {
        const { members: _management, ...unmanaged } = org;
        const plan = planOf(unmanaged, members);
        expect(memberChangesOf(plan)).toStrictEqual([]);
        expect(plan.kept.filter((kept) => kept.reason === 'protected')).toStrictEqual([]);
        expect('reported' in plan).toBe(false);
      }),
      RUNS,
    );
  });

  it('an org with no members plans exactly as with members unset (but for the reported list)', () => {
    fc.assert(
      fc.property(worldArb, ({ org }) => {
        const { members: _management, ...unmanaged } = org;
        const { reported: _reported, ...withMembers } = planOf(org, []);
        expect(withMembers).toStrictEqual(planOf(unmanaged, []));
      }),
      RUNS,
    );
  });
});
