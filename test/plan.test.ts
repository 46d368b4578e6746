import { describe, expect, it } from 'vitest';
import { planChanges } from '../src/plan.ts';
import type { PlanRow } from './helpers/states.ts';
import { A, accepted, B, C, D, desiredOrg, expectRow, expired, member, NOW, pending, planAcme, want } from './helpers/states.ts';

describe('planChanges: listed invitees, one row of DESIGN §3 per case', () => {
  it.each<PlanRow>([
    {
      name: 'desired and already a member with another access: no change, kept as member with their access',
      desired: { invites: [want(A, 'admin')] },
      members: [member(A, 'member')],
      kept: [{ email: A, access: 'member', reason: 'member' }],
    },
    {
      name: 'desired member who also has a pending invite with another access: no change at all',
      desired: { invites: [want(A, 'admin')] },
      invites: [pending('i1', A, 'member')],
      members: [member(A, 'member')],
      kept: [{ email: A, access: 'member', reason: 'member' }],
    },
    {
      name: 'desired and pending with the same access: unchanged',
      desired: { invites: [want(A, 'admin')] },
      invites: [pending('i1', A, 'admin')],
      kept: [{ email: A, access: 'admin', reason: 'unchanged' }],
    },
    {
      name: 'first name and message alone never cause a change',
      desired: { invites: [want(A, 'admin', { firstName: 'Alice', message: 'Welcome' })] },
      invites: [pending('i1', A, 'admin')],
      kept: [{ email: A, access: 'admin', reason: 'unchanged' }],
    },
    {
      name: 'desired and pending with another access: replace (role), carrying first name and message',
      desired: { invites: [want(A, 'admin', { firstName: 'Alice', message: 'Welcome' })] },
      invites: [pending('i1', A, 'member')],
      changes: [
        { action: 'replace', email: A, reason: 'role', from: 'member', to: 'admin', inviteId: 'i1', inviteStatus: 'pending', firstName: 'Alice', message: 'Welcome' },
      ],
    },
    {
      name: 'desired with only expired invites: replace (expired) of the newest one',
      desired: { invites: [want(A, 'admin')] },
      invites: [
        expired('old', A, 'member', { createdAt: '2026-01-01T00:00:00.000Z' }),
        expired('new', A, 'owner', { createdAt: '2026-03-01T00:00:00.000Z' }),
        expired('mid', A, 'member', { createdAt: '2026-02-01T00:00:00.000Z' }),
      ],
      changes: [{ action: 'replace', email: A, reason: 'expired', from: 'owner', to: 'admin', inviteId: 'new', inviteStatus: 'expired' }],
    },
    {
      name: 'a pending invite whose expiresAt has passed counts as expired',
      desired: { invites: [want(A, 'user')] },
      invites: [pending('i1', A, 'user', { expiresAt: '2026-06-15T11:59:59.999Z' })],
      changes: [{ action: 'replace', email: A, reason: 'expired', from: 'user', to: 'user', inviteId: 'i1', inviteStatus: 'expired' }],
    },
    {
      name: 'a pending invite expiring exactly now counts as expired',
      desired: { invites: [want(A, 'user')] },
      invites: [pending('i1', A, 'user', { expiresAt: '2026-06-15T12:00:00.000Z' })],
      changes: [{ action: 'replace', email: A, reason: 'expired', from: 'user', to: 'user', inviteId: 'i1', inviteStatus: 'expired' }],
    },
    {
      name: 'a pending invite expiring one millisecond from now is still pending',
      desired: { invites: [want(A, 'user')] },
      invites: [pending('i1', A, 'user', { expiresAt: '2026-06-15T12:00:00.001Z' })],
      kept: [{ email: A, access: 'user', reason: 'unchanged' }],
    },
    {
      name: 'desired with only an expired invite and reinviteExpired false: kept, not re-invited',
      desired: { reinviteExpired: false, invites: [want(A, 'admin')] },
      invites: [expired('i1', A, 'member')],
      kept: [{ email: A, access: 'member', reason: 'expired-not-reinvited' }],
    },
    {
      name: 'desired with no invite: create, carrying first name and message',
      desired: { invites: [want(A, 'admin', { firstName: 'Alice', message: 'Welcome' })] },
      changes: [{ action: 'create', email: A, to: 'admin', firstName: 'Alice', message: 'Welcome' }],
    },
    {
      name: 'desired with no invite and no first name or message: create without those keys',
      desired: { invites: [want(A, 'member')] },
      changes: [{ action: 'create', email: A, to: 'member' }],
    },
    {
      name: 'desired with only an accepted invite while not a member: create',
      desired: { invites: [want(A, 'member')] },
      invites: [accepted('i1', A, 'member')],
      changes: [{ action: 'create', email: A, to: 'member' }],
    },
    {
      name: 'pending and expired for one email: the pending one counts (same access: unchanged)',
      desired: { invites: [want(A, 'admin')] },
      invites: [expired('e1', A, 'member', { createdAt: '2026-06-10T00:00:00.000Z' }), pending('p1', A, 'admin')],
      kept: [{ email: A, access: 'admin', reason: 'unchanged' }],
    },
    {
      name: 'pending and expired for one email: the pending one counts (other access: replace it for role)',
      desired: { invites: [want(A, 'admin')] },
      invites: [expired('e1', A, 'admin', { createdAt: '2026-06-10T00:00:00.000Z' }), pending('p1', A, 'member')],
      changes: [{ action: 'replace', email: A, reason: 'role', from: 'member', to: 'admin', inviteId: 'p1', inviteStatus: 'pending' }],
    },
    {
      name: 'several pending, an older one with the desired access: it is kept, the others deleted as strays (by from)',
      desired: { invites: [want(A, 'admin')] },
      invites: [
        pending('p2', A, 'member', { createdAt: '2026-06-10T00:00:00.000Z' }),
        pending('match', A, 'admin', { createdAt: '2026-06-01T00:00:00.000Z' }),
        pending('p1', A, 'owner', { createdAt: '2026-06-12T00:00:00.000Z' }),
      ],
      changes: [
        { action: 'delete', email: A, from: 'member', inviteId: 'p2', inviteStatus: 'pending' },
        { action: 'delete', email: A, from: 'owner', inviteId: 'p1', inviteStatus: 'pending' },
      ],
      kept: [{ email: A, access: 'admin', reason: 'unchanged' }],
    },
    {
      name: 'several pending, none with the desired access: the newest is replaced, the others deleted',
      desired: { invites: [want(A, 'admin')] },
      invites: [
        pending('old', A, 'member', { createdAt: '2026-06-01T00:00:00.000Z' }),
        pending('new', A, 'owner', { createdAt: '2026-06-10T00:00:00.000Z' }),
      ],
      changes: [
        { action: 'delete', email: A, from: 'member', inviteId: 'old', inviteStatus: 'pending' },
        { action: 'replace', email: A, reason: 'role', from: 'owner', to: 'admin', inviteId: 'new', inviteStatus: 'pending' },
      ],
    },
    {
      name: 'several pending with the desired access: the newest is kept, the older deleted',
      desired: { invites: [want(A, 'admin')] },
      invites: [
        pending('new', A, 'admin', { createdAt: '2026-06-10T00:00:00.000Z' }),
        pending('old', A, 'admin', { createdAt: '2026-06-01T00:00:00.000Z' }),
      ],
      changes: [{ action: 'delete', email: A, from: 'admin', inviteId: 'old', inviteStatus: 'pending' }],
      kept: [{ email: A, access: 'admin', reason: 'unchanged' }],
    },
    {
      name: 'stray duplicates with the same access are deleted in id order, whatever order the API lists them in',
      desired: { invites: [want(A, 'admin')] },
      invites: [
        pending('i3', A, 'member', { createdAt: '2026-06-10T00:00:00.000Z' }),
        pending('keep', A, 'admin'),
        pending('i2', A, 'member', { createdAt: '2026-06-02T00:00:00.000Z' }),
      ],
      changes: [
        { action: 'delete', email: A, from: 'member', inviteId: 'i2', inviteStatus: 'pending' },
        { action: 'delete', email: A, from: 'member', inviteId: 'i3', inviteStatus: 'pending' },
      ],
      kept: [{ email: A, access: 'admin', reason: 'unchanged' }],
    },
    {
      name: 'several pending created at the same instant: the lowest id counts as the newest',
      desired: { invites: [want(A, 'admin')] },
      invites: [pending('i2', A, 'owner'), pending('i1', A, 'member')],
      changes: [
        { action: 'delete', email: A, from: 'owner', inviteId: 'i2', inviteStatus: 'pending' },
        { action: 'replace', email: A, reason: 'role', from: 'member', to: 'admin', inviteId: 'i1', inviteStatus: 'pending' },
      ],
    },
    {
      name: 'several pending with prune off: the strays are kept as unmanaged, after the kept invite, by access',
      desired: { prune: false, invites: [want(A, 'owner')] },
      invites: [
        pending('match', A, 'owner'),
        pending('newer', A, 'member', { createdAt: '2026-06-10T00:00:00.000Z' }),
        pending('older', A, 'admin', { createdAt: '2026-06-02T00:00:00.000Z' }),
      ],
      kept: [
        { email: A, access: 'owner', reason: 'unchanged' },
        { email: A, access: 'admin', reason: 'unmanaged' },
        { email: A, access: 'member', reason: 'unmanaged' },
      ],
    },
  ])('$name', expectRow);
});

describe('planChanges: counts and orgs', () => {
  it('counts every member, and as pending only unexpired invites the config manages (not ignored, not unmanaged)', () => {
    const org = planAcme({
      desired: { prune: false, ignore: ['zed@*'] },
      invites: [
        pending('p1', A, 'member'),
        pending('p2', 'zed@acme.com', 'member'),
        pending('p3', B, 'member', { expiresAt: '2026-07-01T00:00:00.000Z' }),
        pending('x1', C, 'member', { expiresAt: '2026-06-01T00:00:00.000Z' }),
        expired('x2', C, 'member'),
        accepted('x3', D, 'member'),
      ],
      members: [member(B, 'member'), member(D, 'admin'), member('xia@acme.com', 'owner')],
    });
    // p1 and p3 are unlisted with prune off (unmanaged), p2 is ignored: none could ever be revoked.
    expect(org.pending).toBe(0);
    expect(org.members).toBe(3);
  });

  it('plans orgs in config order, with name and provider, including orgs without changes', () => {
    const plan = planChanges(
      {
        orgs: [
          desiredOrg({ name: 'zeta', invites: [want(A, 'member')] }),
          desiredOrg({ name: 'alpha', provider: 'anthropic', invites: [want(A, 'developer')] }),
        ],
      },
      {
        orgs: {
          alpha: { invites: [pending('i1', A, 'developer')], members: [] },
          zeta: { invites: [], members: [] },
          unplanned: { invites: [pending('i2', B, 'member')], members: [] },
        },
      },
      NOW,
    );
    expect(plan.orgs.map(({ name, provider, changes }) => ({ name, provider, changes: changes.length }))).toEqual([
      { name: 'zeta', provider: 'posthog', changes: 1 },
      { name: 'alpha', provider: 'anthropic', changes: 0 },
    ]);
    expect(plan.orgs[0]!.changes[0]!.org).toBe('zeta');
  });
});

describe('planChanges: refuses input it cannot plan safely', () => {
  const empty = { invites: [], members: [] };
  it.each<[string, () => unknown, RegExp]>([
    ['an org that was not read', () => planChanges({ orgs: [desiredOrg({ name: 'beta' })] }, { orgs: { acme: empty } }, NOW), /no current state was read for org "beta"/],
    ['an unread org named like a prototype key', () => planChanges({ orgs: [desiredOrg({ name: 'constructor' })] }, { orgs: {} }, NOW), /org "constructor"/],
    [
      'one email listed twice (case-insensitively)',
      () => planChanges({ orgs: [desiredOrg({ invites: [want(A, 'member'), want('ALICE@acme.com', 'admin')] })] }, { orgs: { acme: empty } }, NOW),
      /lists alice@acme.com more than once/,
    ],
    [
      'an until that is not a real date',
      () => planChanges({ orgs: [desiredOrg({ invites: [want(A, 'member', { until: '2026-02-30' })] })] }, { orgs: { acme: empty } }, NOW),
      /invalid until date "2026-02-30"/,
    ],
    [
      'an unreadable expiresAt',
      () => planChanges({ orgs: [desiredOrg()] }, { orgs: { acme: { invites: [pending('i1', A, 'member', { expiresAt: 'soon' })], members: [] } } }, NOW),
      /invite i1: expiresAt "soon" is not a valid timestamp/,
    ],
    ['an invalid now', () => planChanges({ orgs: [] }, { orgs: {} }, new Date('nope')), /now is not a valid date/],
  ])('%s', (_name, run, message) => {
    expect(run).toThrow(message);
  });
});
