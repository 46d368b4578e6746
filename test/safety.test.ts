import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Change, type CurrentState, type DesiredState, type OrgPlan, type Plan, type SafetyLimits, type SafetyVerdict } from '../src/model.ts';
import { planChanges } from '../src/plan.ts';
import { checkSafety } from '../src/safety.ts';
import { scenarioArb } from './helpers/plan-arbitraries.ts';
import { desiredOrg, pending, planAcme, want, type PlanRow } from './helpers/states.ts';

function orgPlan(name: string, deletes: number, pending: number, others: Array<'create' | 'replace'> = []): OrgPlan {
  const changes: Change[] = [
    ...Array.from({ length: deletes }, (_, index): Change => ({ org: name, action: 'delete', email: `d${index}@acme.com`, from: 'member', inviteId: `i${index}`, inviteStatus: 'pending' })),
    ...others.map((action, index): Change =>
      action === 'create'
        ? { org: name, action, email: `o${index}@acme.com`, to: 'member' }
        : { org: name, action: 'replace', email: `o${index}@acme.com`, reason: 'role', from: 'member', to: 'member', inviteId: `o${index}`, inviteStatus: 'expired' },
    ),
  ];
  return { name, provider: 'posthog', changes, kept: [], members: 0, pending };
}

const limits = (maxDeletes: number, maxDeleteRatio: number): SafetyLimits => ({ maxDeletes, maxDeleteRatio });

describe('checkSafety: unsafe only when deletes exceed both the cap and the ratio of pending invites', () => {
  it.each<[string, number, number, SafetyLimits, boolean]>([
    ['no deletes', 0, 10, limits(5, 0.25), true],
    ['exactly at the cap, far over the ratio', 5, 5, limits(5, 0.25), true],
    ['one over the cap and over the ratio', 6, 6, limits(5, 0.25), false],
    ['over the cap, exactly at the ratio (6 of 24 at 0.25)', 6, 24, limits(5, 0.25), true],
    ['over the cap, one over the ratio (7 of 24 at 0.25)', 7, 24, limits(5, 0.25), false],
    ['over the ratio, under the cap', 3, 3, limits(5, 0.25), true],
    ['exactly at a decimal ratio that 0.57 × 100 misses in floating point (57 of 100)', 57, 100, limits(5, 0.57), true],
    ['one over that decimal ratio (58 of 100)', 58, 100, limits(5, 0.57), false],
    ['ratio with 0 pending and deletes over the cap: the ratio is exceeded too', 1, 0, limits(0, 0.25), false],
    ['ratio with 0 pending and deletes within the cap', 1, 0, limits(1, 0.25), true],
    ['0 deletes of 0 pending with zero limits', 0, 0, limits(0, 0), true],
    ['zero limits: a single delete is unsafe', 1, 100, limits(0, 0), false],
    ['a ratio of 1 never trips, whatever the cap (10 of 10)', 10, 10, limits(0, 1), true],
  ])('%s', (_name, deletes, pending, orgLimits, ok) => {
    const verdicts = checkSafety({ orgs: [orgPlan('acme', deletes, pending)] }, { acme: orgLimits });
    expect(verdicts).toStrictEqual({ acme: { ok, deletes, pending, limits: orgLimits } });
  });

  it('counts only deletes, not replaces or creates', () => {
    const verdicts = checkSafety({ orgs: [orgPlan('acme', 1, 1, ['replace', 'replace', 'create', 'create', 'create'])] }, { acme: limits(0, 0) });
    expect(verdicts['acme']).toMatchObject({ ok: false, deletes: 1 });
  });

  it('judges each org by its own limits and its own pending count', () => {
    const plan: Plan = { orgs: [orgPlan('strict', 3, 4), orgPlan('lenient', 3, 4), orgPlan('large', 3, 40)] };
    const verdicts = checkSafety(plan, { strict: limits(2, 0.5), lenient: limits(3, 0.5), large: limits(2, 0.5), unused: limits(0, 0) });
    expect(Object.entries(verdicts).map(([name, verdict]) => [name, verdict.ok, verdict.pending, verdict.limits.maxDeletes])).toEqual([
      ['strict', false, 4, 2],
      ['lenient', true, 4, 3],
      ['large', true, 40, 2],
    ]);
  });

  it('refuses an org without limits rather than calling it safe, even one named like a prototype key', () => {
    expect(() => checkSafety({ orgs: [orgPlan('acme', 0, 0), orgPlan('beta', 0, 0)] }, { acme: limits(5, 0.25) })).toThrow('no safety limits given for org "beta"');
    expect(() => checkSafety({ orgs: [orgPlan('constructor', 9, 9)] }, {})).toThrow('org "constructor"');
    expect(checkSafety({ orgs: [orgPlan('constructor', 9, 9)] }, { constructor: limits(5, 0.25) })['constructor']?.ok).toBe(false);
  });
});

/** The verdict for the `acme` org planned from a config and its API state, as plan and apply judge it. */
function judge(row: Omit<PlanRow, 'name'>): SafetyVerdict {
  const org = planAcme(row);
  return checkSafety({ orgs: [org] }, { acme: desiredOrg(row.desired).safety })['acme']!;
}

const many = (count: number, prefix: string, access: string) =>
  Array.from({ length: count }, (_, index) => pending(`${prefix}${index}`, `${prefix}${index}@acme.com`, access));

describe('mass-delete guard: the ratio is taken over the pending invites the config manages', () => {
  it.each<[string, Omit<PlanRow, 'name'>, Pick<SafetyVerdict, 'ok' | 'deletes' | 'pending'>]>([
    [
      '100 ignored invites do not dilute revoking all 20 managed ones (issue #11.6)',
      { desired: { ignore: ['ign*'] }, invites: [...many(100, 'ign', 'member'), ...many(20, 'old', 'member')] },
      { ok: false, deletes: 20, pending: 20 },
    ],
    [
      'with prune off, unlisted invites are unmanaged: 6 ended grants of 6 listed are unsafe beside 100 unmanaged',
      {
        desired: { prune: false, invites: many(6, 'end', 'member').map((invite) => want(invite.email, 'member', { until: '2026-06-01' })) },
        invites: [...many(100, 'other', 'member'), ...many(6, 'end', 'member')],
      },
      { ok: false, deletes: 6, pending: 6 },
    ],
    [
      'kept listed invites count: 6 revokes beside 30 unchanged listed invites are within the ratio',
      { desired: { invites: many(30, 'keep', 'member').map((invite) => want(invite.email, 'member')) }, invites: [...many(30, 'keep', 'member'), ...many(6, 'old', 'member')] },
      { ok: true, deletes: 6, pending: 36 },
    ],
    [
      'Anthropic re-invites of pending invites count as the revokes they are',
      {
        desired: { provider: 'anthropic', invites: many(6, 'dev', 'user').map((invite) => want(invite.email, 'developer')) },
        invites: many(6, 'dev', 'user'),
      },
      { ok: false, deletes: 6, pending: 6 },
    ],
    [
      'PostHog re-invites replace server-side and are not revokes',
      { desired: { invites: many(6, 'adm', 'member').map((invite) => want(invite.email, 'admin')) }, invites: many(6, 'adm', 'member') },
      { ok: true, deletes: 0, pending: 6 },
    ],
    [
      'an Anthropic re-invite of an expired invite revokes nothing',
      {
        desired: { provider: 'anthropic', invites: many(6, 'exp', 'user').map((invite) => want(invite.email, 'developer')) },
        invites: many(6, 'exp', 'user').map((invite) => ({ ...invite, status: 'expired' as const })),
      },
      { ok: true, deletes: 0, pending: 0 },
    ],
  ])('%s', (_name, row, expected) => {
    expect(judge(row)).toMatchObject(expected);
  });

  it('says how many of the revokes are re-invites', () => {
    const verdict = judge({
      desired: { provider: 'anthropic', invites: many(3, 'dev', 'user').map((invite) => want(invite.email, 'developer')) },
      invites: [...many(3, 'dev', 'user'), ...many(4, 'old', 'user')],
    });
    expect(verdict).toMatchObject({ deletes: 7, reinvites: 3, pending: 7 });
  });

  it('property: invites the config does not manage (ignored, or unlisted with prune off) never change the verdict', () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer({ min: 1, max: 200 }), fc.integer({ min: 0, max: 200 }), ({ desired, current, now }, ignoredCount, unlistedCount) => {
        const limits = Object.fromEntries(desired.orgs.map((org) => [org.name, { maxDeletes: 1, maxDeleteRatio: 0.25 }]));
        const before = checkSafety(planChanges(desired, current, now), limits);
        // Unmanaged noise: addresses no config lists, each org ignoring its own `noise-ignored-*`.
        const noisy: DesiredState = { orgs: desired.orgs.map((org) => ({ ...org, ignore: [...org.ignore, 'noise-ignored-*'] })) };
        const withNoise: CurrentState = {
          orgs: Object.fromEntries(
            Object.entries(current.orgs).map(([name, org]) => {
              const prune = desired.orgs.find((candidate) => candidate.name === name)?.prune ?? true;
              const noise = [...many(ignoredCount, 'noise-ignored-', 'member'), ...(prune ? [] : many(unlistedCount, 'noise-unlisted-', 'member'))];
              return [name, { invites: [...org.invites, ...noise], members: org.members }];
            }),
          ),
        };
        expect(checkSafety(planChanges(noisy, withNoise, now), limits)).toStrictEqual(before);
      }),
      { numRuns: 300, seed: 20261123 },
    );
  });

  it('property: the guard counts every invite the plan revokes, and the denominator holds them all', () => {
    fc.assert(
      fc.property(scenarioArb, ({ desired, current, now }) => {
        const plan = planChanges(desired, current, now);
        const limits = Object.fromEntries(desired.orgs.map((org) => [org.name, { maxDeletes: 0, maxDeleteRatio: 0 }]));
        const verdicts = checkSafety(plan, limits);
        for (const org of plan.orgs) {
          const revoked = org.changes.filter((change) => change.action === 'delete' || (change.action === 'replace' && change.inviteStatus === 'pending' && org.provider === 'anthropic'));
          expect(verdicts[org.name]!.deletes).toBe(revoked.length);
          expect(verdicts[org.name]!.pending).toBeGreaterThanOrEqual(revoked.length);
          expect(verdicts[org.name]!.ok).toBe(revoked.length === 0);
        }
      }),
      { numRuns: 300, seed: 20261124 },
    );
  });
});
