// The member-removal guard (issue #16): its own counts and defaults, apart from invite revokes, and the words naming which guard tripped.
import { describe, expect, it } from 'vitest';
import type { Change, OrgPlan, SafetyLimits, SafetyVerdict } from '../src/model.ts';
import { describeUnsafe } from '../src/render/words.ts';
import { checkSafety, DEFAULT_REMOVAL_LIMITS, trippedGuards } from '../src/safety.ts';

function orgPlan(removals: number, members: number, deletes = 0, pending = 10): OrgPlan {
  const changes: Change[] = [
    ...Array.from({ length: deletes }, (_, i): Change => ({ org: 'acme', action: 'delete', email: `d${i}@acme.com`, from: 'member', inviteId: `i${i}`, inviteStatus: 'pending' })),
    ...Array.from({ length: removals }, (_, i): Change => ({ org: 'acme', action: 'remove-member', email: `r${i}@acme.com`, reason: 'unlisted', from: 'member', memberId: `m${i}` })),
    { org: 'acme', action: 'change-role', email: 'x@acme.com', from: 'member', to: 'admin', memberId: 'mx' },
  ];
  return { name: 'acme', provider: 'posthog', changes, kept: [], members, pending };
}

const managed = (maxMemberRemovals = 2, maxMemberRemovalRatio = 0.05): SafetyLimits => ({ maxDeletes: 5, maxDeleteRatio: 0.25, maxMemberRemovals, maxMemberRemovalRatio });

describe('checkSafety: member removals', () => {
  it.each<[string, number, number, SafetyLimits, boolean]>([
    ['no removals', 0, 10, managed(), true],
    ['at the default cap (2), far over the ratio', 2, 10, managed(), true],
    ['over the default cap and ratio (3 of 10)', 3, 10, managed(), false],
    ['over the cap, within the default ratio (3 of 100)', 3, 100, managed(), true],
    ['over the cap, exactly at the ratio (5 of 100 at 0.05)', 5, 100, managed(0, 0.05), true],
    ['over the cap, one over the ratio (6 of 100 at 0.05)', 6, 100, managed(0, 0.05), false],
    ['zero limits: one removal is unsafe', 1, 1000, managed(0, 0), false],
  ])('%s', (_name, removals, members, limits, ok) => {
    const verdict = checkSafety({ orgs: [orgPlan(removals, members)] }, { acme: limits })['acme'];
    expect(verdict).toStrictEqual({ ok, deletes: 0, pending: 10, limits, removals, members });
  });

  it('removals are counted apart from revokes: neither guard sees the other\'s changes', () => {
    const verdict = checkSafety({ orgs: [orgPlan(2, 10, 5, 10)] }, { acme: managed() })['acme'];
    expect(verdict).toMatchObject({ ok: true, deletes: 5, removals: 2 });
  });

  it('a plan that removes members under limits without member words is judged with the defaults', () => {
    const verdict = checkSafety({ orgs: [orgPlan(3, 10)] }, { acme: { maxDeletes: 5, maxDeleteRatio: 0.25 } })['acme'];
    expect(verdict).toStrictEqual({ ok: false, deletes: 0, pending: 10, limits: managed(), removals: 3, members: 10 });
  });

  it('an org that does not manage members and removes nobody has no removal fields', () => {
    const verdict = checkSafety({ orgs: [orgPlan(0, 10)] }, { acme: { maxDeletes: 5, maxDeleteRatio: 0.25 } })['acme'];
    expect(verdict).toStrictEqual({ ok: true, deletes: 0, pending: 10, limits: { maxDeletes: 5, maxDeleteRatio: 0.25 } });
  });
});

describe('describeUnsafe names the guard that tripped', () => {
  const verdictOf = (plan: OrgPlan) => checkSafety({ orgs: [plan] }, { acme: managed() })['acme']!;

  it('the removal guard alone', () => {
    expect(describeUnsafe(verdictOf(orgPlan(3, 10)))).toBe('3 member removals exceed max_member_removals (2) and max_member_removal_ratio (0.05 of 10 members)');
  });

  it('the revoke guard alone reads as before', () => {
    expect(describeUnsafe(verdictOf(orgPlan(0, 10, 6, 6)))).toBe('6 revokes exceed max_deletes (5) and max_delete_ratio (0.25 of 6 managed pending invites)');
  });

  it('both guards', () => {
    expect(describeUnsafe(verdictOf(orgPlan(3, 1, 6, 6)))).toBe(
      '6 revokes exceed max_deletes (5) and max_delete_ratio (0.25 of 6 managed pending invites); 3 member removals exceed max_member_removals (2) and max_member_removal_ratio (0.05 of 1 member)',
    );
  });
});

describe('trippedGuards (mutation-tested)', () => {
  const base = { ok: false, deletes: 0, pending: 0, limits: { maxDeletes: 2, maxDeleteRatio: 0.5 } };

  it.each<[string, Partial<SafetyVerdict>, { deletes: boolean; removals: boolean }]>([
    ['nothing over', {}, { deletes: false, removals: false }],
    ['revokes over both limits', { deletes: 3, pending: 4 }, { deletes: true, removals: false }],
    ['revokes at the cap', { deletes: 2, pending: 2 }, { deletes: false, removals: false }],
    ['revokes over the cap, at the ratio', { deletes: 3, pending: 6 }, { deletes: false, removals: false }],
    ['removals not judged', { deletes: 0, members: 0 }, { deletes: false, removals: false }],
    ['removals over the default limits, of no known members', { removals: 3 }, { deletes: false, removals: true }],
    ['removals at the default cap', { removals: 2, members: 0 }, { deletes: false, removals: false }],
    ['removals over the default cap, within the default ratio', { removals: 3, members: 100 }, { deletes: false, removals: false }],
    ['removals over the default cap and ratio', { removals: 6, members: 100 }, { deletes: false, removals: true }],
    ['removals over the given cap and ratio', { removals: 2, members: 4, limits: { maxDeletes: 2, maxDeleteRatio: 0.5, maxMemberRemovals: 1, maxMemberRemovalRatio: 0.25 } }, { deletes: false, removals: true }],
    ['removals within the given ratio', { removals: 6, members: 10, limits: { maxDeletes: 2, maxDeleteRatio: 0.5, maxMemberRemovals: 1, maxMemberRemovalRatio: 0.6 } }, { deletes: false, removals: false }],
  ])('%s', (_name, verdict, tripped) => {
    expect(trippedGuards({ ...base, ...verdict })).toStrictEqual(tripped);
  });

  it('has the documented default removal limits', () => {
    expect(DEFAULT_REMOVAL_LIMITS).toStrictEqual({ maxMemberRemovals: 2, maxMemberRemovalRatio: 0.05 });
  });

  it('counts a pending re-invite as a revoke only where the API revokes before it creates', () => {
    const replace = (provider: 'posthog' | 'anthropic'): OrgPlan => ({
      name: 'acme',
      provider,
      changes: [{ org: 'acme', action: 'replace', email: 'a@acme.com', reason: 'role', from: 'member', to: 'admin', inviteId: 'i1', inviteStatus: 'pending' }],
      kept: [],
      members: 0,
      pending: 1,
    });
    const limits = { acme: { maxDeletes: 0, maxDeleteRatio: 0 } };
    expect(checkSafety({ orgs: [replace('posthog')] }, limits)['acme']).toStrictEqual({ ok: true, deletes: 0, pending: 1, limits: limits.acme });
    expect(checkSafety({ orgs: [replace('anthropic')] }, limits)['acme']).toStrictEqual({ ok: false, deletes: 1, reinvites: 1, pending: 1, limits: limits.acme });
  });

  it('judges removals when the limits name only the cap', () => {
    const verdict = checkSafety({ orgs: [orgPlan(0, 10)] }, { acme: { maxDeletes: 5, maxDeleteRatio: 0.25, maxMemberRemovals: 4 } })['acme'];
    expect(verdict).toStrictEqual({ ok: true, deletes: 0, pending: 10, limits: { maxDeletes: 5, maxDeleteRatio: 0.25, maxMemberRemovals: 4, maxMemberRemovalRatio: 0.05 }, removals: 0, members: 10 });
  });

  it('judges removals when the limits name only the ratio', () => {
    const verdict = checkSafety({ orgs: [orgPlan(0, 10)] }, { acme: { maxDeletes: 5, maxDeleteRatio: 0.25, maxMemberRemovalRatio: 0.5 } })['acme'];
    expect(verdict).toStrictEqual({ ok: true, deletes: 0, pending: 10, limits: { maxDeletes: 5, maxDeleteRatio: 0.25, maxMemberRemovals: 2, maxMemberRemovalRatio: 0.5 }, removals: 0, members: 10 });
  });
});
