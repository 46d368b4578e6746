import { describe, expect, it } from 'vitest';
import type { Change, OrgPlan, Plan, SafetyLimits } from '../src/model.ts';
import { checkSafety } from '../src/safety.ts';

function orgPlan(name: string, deletes: number, pending: number, others: Change['action'][] = []): OrgPlan {
  const changes: Change[] = [
    ...Array.from({ length: deletes }, (_, index): Change => ({ org: name, action: 'delete', email: `d${index}@acme.com`, from: 'member', inviteId: `i${index}` })),
    ...others.map((action, index): Change => ({ org: name, action, email: `o${index}@acme.com`, to: 'member' })),
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
