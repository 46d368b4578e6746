// The access review's pure rows: one state per person × org, emails matched as the planner matches them.
import { describe, expect, it } from 'vitest';
import type { CurrentOrg, DesiredOrg } from '../../src/model.ts';
import { buildAccessReview, whoRows, type AccessRow } from '../../src/report/rows.ts';
import { desiredOrg, expired, member, NOW, pending, want, accepted } from '../helpers/states.ts';

const A = 'alice@acme.com';
const EMPTY: CurrentOrg = { invites: [], members: [] };

/** The single row the review has for alice in org `acme`. */
function rowFor(org: Partial<DesiredOrg>, current: CurrentOrg): Omit<AccessRow, 'email' | 'org' | 'provider'> | undefined {
  const review = buildAccessReview({ orgs: [desiredOrg(org)] }, { orgs: { acme: current } }, NOW);
  expect(review.rows.length).toBeLessThanOrEqual(1);
  const row = review.rows[0];
  if (row === undefined) return undefined;
  const { email, org: name, provider, ...rest } = row;
  expect([email, name, provider]).toEqual([A, 'acme', 'posthog']);
  return rest;
}

describe('buildAccessReview: the state of one person in one org', () => {
  it.each<[string, Partial<DesiredOrg>, CurrentOrg, ReturnType<typeof rowFor>]>([
    ['listed and a member', { invites: [want(A, 'admin')] }, { invites: [], members: [member(A, 'admin')] }, { state: 'member', member: 'admin', listed: { access: 'admin', ended: false }, ignored: false }],
    ['listed with another access than the member has', { invites: [want(A, 'member')] }, { invites: [], members: [member(A, 'owner')] }, { state: 'member', member: 'owner', listed: { access: 'member', ended: false }, ignored: false }],
    ['listed with a live invite', { invites: [want(A, 'admin', { until: '2026-12-31' })] }, { invites: [pending('i1', A, 'member', { expiresAt: '2026-06-20T00:00:00Z' })], members: [] }, { state: 'pending', pending: { access: 'member', expiresAt: '2026-06-20T00:00:00Z' }, listed: { access: 'admin', until: '2026-12-31', ended: false }, ignored: false }],
    ['listed with only an expired invite (by status)', { invites: [want(A, 'member')] }, { invites: [expired('i1', A, 'member')], members: [] }, { state: 'expired', expired: { access: 'member' }, listed: { access: 'member', ended: false }, ignored: false }],
    ['listed with a pending invite past its expiry', { invites: [want(A, 'member')] }, { invites: [pending('i1', A, 'member', { expiresAt: '2026-06-01T00:00:00Z' })], members: [] }, { state: 'expired', expired: { access: 'member', expiresAt: '2026-06-01T00:00:00Z' }, listed: { access: 'member', ended: false }, ignored: false }],
    ['listed, nothing at the API', { invites: [want(A, 'member')] }, EMPTY, { state: 'wanted', listed: { access: 'member', ended: false }, ignored: false }],
    ['listed, only an accepted invite (not access by itself)', { invites: [want(A, 'member')] }, { invites: [accepted('i1', A, 'member')], members: [] }, { state: 'wanted', listed: { access: 'member', ended: false }, ignored: false }],
    ['a member not listed', {}, { invites: [], members: [member(A, 'owner')] }, { state: 'not-wanted', member: 'owner', ignored: false }],
    ['a live invite not listed', {}, { invites: [pending('i1', A, 'member')], members: [] }, { state: 'not-wanted', pending: { access: 'member' }, ignored: false }],
    ['a live invite not listed, matched by ignore', { ignore: ['*@acme.com'] }, { invites: [pending('i1', A, 'member')], members: [] }, { state: 'not-wanted', pending: { access: 'member' }, ignored: true }],
    ['an expired invite not listed', {}, { invites: [expired('i1', A, 'member')], members: [] }, { state: 'expired', expired: { access: 'member' }, ignored: false }],
    ['a member whose until has passed', { invites: [want(A, 'member', { until: '2026-06-14' })] }, { invites: [], members: [member(A, 'member')] }, { state: 'not-wanted', member: 'member', listed: { access: 'member', until: '2026-06-14', ended: true }, ignored: false }],
    ['a member listed until today (the day is inclusive)', { invites: [want(A, 'member', { until: '2026-06-15' })] }, { invites: [], members: [member(A, 'member')] }, { state: 'member', member: 'member', listed: { access: 'member', until: '2026-06-15', ended: false }, ignored: false }],
    ['a member with a live invite too: membership wins', { invites: [want(A, 'member')] }, { invites: [pending('i1', A, 'admin')], members: [member(A, 'member')] }, { state: 'member', member: 'member', pending: { access: 'admin' }, listed: { access: 'member', ended: false }, ignored: false }],
    ['an ended listing with nothing at the API: no row', { invites: [want(A, 'member', { until: '2026-01-01' })] }, EMPTY, undefined],
  ])('%s', (_name, org, current, expected) => {
    expect(rowFor(org, current)).toEqual(expected);
  });

  it('shows the newest of several invites', () => {
    const current = { invites: [pending('old', A, 'member', { createdAt: '2026-06-01T00:00:00Z' }), pending('new', A, 'admin', { createdAt: '2026-06-10T00:00:00Z' })], members: [] };
    expect(rowFor({ invites: [want(A, 'admin')] }, current)?.pending).toEqual({ access: 'admin' });
  });

  it('matches case and spaces as the planner does, showing the listed address', () => {
    const current = { invites: [], members: [member('  ALICE@Acme.com ', 'admin')] };
    expect(rowFor({ invites: [want(A, 'admin')] }, current)?.state).toBe('member');
  });
});

describe('buildAccessReview: the whole review', () => {
  const orgs = [
    desiredOrg({ name: 'zeta', invites: [want('bob@acme.com', 'member'), want(A, 'admin')] }),
    desiredOrg({ name: 'alpha', provider: 'anthropic', invites: [want(A, 'developer')] }),
  ];
  const current = {
    orgs: {
      zeta: { invites: [pending('i1', 'bob@acme.com', 'member')], members: [member(A, 'admin'), member('olivia@acme.com', 'owner')] },
      alpha: { invites: [], members: [member('alice+claude@acme.com', 'developer')] },
    },
  };

  it('sorts by person then config order, folds addresses per API, and counts every state', () => {
    const review = buildAccessReview({ orgs }, current, NOW);
    expect(review.rows.map((row) => [row.email, row.org, row.state])).toEqual([
      [A, 'zeta', 'member'],
      // Anthropic ignores +tags: the member alice+claude@ is the listed alice@ (the listed address names the person).
      [A, 'alpha', 'member'],
      ['bob@acme.com', 'zeta', 'pending'],
      ['olivia@acme.com', 'zeta', 'not-wanted'],
    ]);
    expect(review.orgs).toEqual([
      { name: 'zeta', provider: 'posthog', accessField: 'level' },
      { name: 'alpha', provider: 'anthropic', accessField: 'role' },
    ]);
    expect(review.totals).toEqual({
      people: 3,
      orgs: 2,
      rows: 4,
      states: { member: 2, pending: 1, expired: 0, wanted: 0, 'not-wanted': 1 },
      byOrg: { zeta: { member: 1, pending: 1, expired: 0, wanted: 0, 'not-wanted': 1 }, alpha: { member: 1, pending: 0, expired: 0, wanted: 0, 'not-wanted': 0 } },
    });
    expect(review.readAt).toBe(NOW.toISOString());
  });

  it('whoRows: one row per org in config order, found through each API’s folding', () => {
    const rows = whoRows({ orgs }, current, NOW, ' Alice+Claude@ACME.com ');
    // PostHog does not fold: alice+claude@ is nobody there; Anthropic folds it onto alice@.
    expect(rows.map((row) => [row.org, row.state, row.member])).toEqual([
      ['zeta', undefined, undefined],
      ['alpha', 'member', 'developer'],
    ]);
    expect(whoRows({ orgs }, current, NOW, 'OLIVIA@acme.com').map((row) => row.state)).toEqual(['not-wanted', undefined]);
  });
});
