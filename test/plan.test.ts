import { describe, expect, it } from 'vitest';
import type { Change, CurrentInvite, CurrentMember, DesiredOrg, Kept } from '../src/model.ts';
import { planChanges } from '../src/plan.ts';
import { accepted, desiredOrg, expired, member, NOW, pending, want } from './helpers/states.ts';

interface Row {
  name: string;
  desired?: Partial<DesiredOrg>;
  invites?: CurrentInvite[];
  members?: CurrentMember[];
  now?: Date;
  changes?: Omit<Change, 'org'>[];
  kept?: Kept[];
}

function planAcme(row: Omit<Row, 'name'>) {
  const plan = planChanges(
    { orgs: [desiredOrg(row.desired)] },
    { orgs: { acme: { invites: row.invites ?? [], members: row.members ?? [] } } },
    row.now ?? NOW,
  );
  expect(plan.orgs).toHaveLength(1);
  return plan.orgs[0]!;
}

const A = 'alice@acme.com';
const B = 'bob@acme.com';
const C = 'carol@acme.com';
const D = 'dan@acme.com';

describe('planChanges: one row of DESIGN §3 per case', () => {
  it.each<Row>([
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
    {
      name: 'pending and not desired, prune on: delete',
      invites: [pending('i1', B, 'member')],
      changes: [{ action: 'delete', email: B, from: 'member', inviteId: 'i1', inviteStatus: 'pending' }],
    },
    {
      name: 'pending and not desired, prune off: kept as unmanaged',
      desired: { prune: false },
      invites: [pending('i1', B, 'member')],
      kept: [{ email: B, access: 'member', reason: 'unmanaged' }],
    },
    {
      name: 'pending, not desired and ignored, prune on: kept as ignored, matched case-insensitively after trimming',
      desired: { ignore: ['*@contractors.acme.com'] },
      invites: [pending('i1', '  Zed@Contractors.ACME.com ', 'member')],
      kept: [{ email: 'zed@contractors.acme.com', access: 'member', reason: 'ignored' }],
    },
    {
      name: 'a listed email that matches ignore is neither created nor deleted (config rules forbid it; the planner holds anyway)',
      desired: { ignore: ['zed@*'], invites: [want('zed@acme.com', 'admin'), want(A, 'member')] },
      invites: [pending('i1', 'zed@acme.com', 'member')],
      changes: [{ action: 'create', email: A, to: 'member' }],
      kept: [{ email: 'zed@acme.com', access: 'member', reason: 'ignored' }],
    },
    {
      name: 'pending and not desired, also a member: delete under prune (the member is not touched)',
      invites: [pending('i1', B, 'admin')],
      members: [member(B, 'member')],
      changes: [{ action: 'delete', email: B, from: 'admin', inviteId: 'i1', inviteStatus: 'pending' }],
    },
    {
      name: 'expired and accepted invites that are not desired: nothing, not even kept',
      invites: [expired('i1', B, 'member'), accepted('i2', C, 'admin'), pending('i3', D, 'member', { expiresAt: '2026-06-01T00:00:00.000Z' })],
    },
    {
      name: 'until today (UTC) is still live',
      desired: { invites: [want(A, 'admin', { until: '2026-06-15' })] },
      invites: [pending('i1', A, 'admin')],
      kept: [{ email: A, access: 'admin', reason: 'unchanged' }],
    },
    {
      name: 'until today is live through the last millisecond of the UTC day',
      desired: { invites: [want(A, 'admin', { until: '2026-06-15' })] },
      now: new Date('2026-06-15T23:59:59.999Z'),
      changes: [{ action: 'create', email: A, to: 'admin' }],
    },
    {
      name: 'until is a UTC day: 01:00 at +02:00 on the next local day is still the until day',
      desired: { invites: [want(A, 'admin', { until: '2026-06-15' })] },
      now: new Date('2026-06-16T01:00:00.000+02:00'),
      changes: [{ action: 'create', email: A, to: 'admin' }],
    },
    {
      name: 'until yesterday (UTC) with a pending invite: deleted even with prune off',
      desired: { prune: false, invites: [want(A, 'admin', { until: '2026-06-14' })] },
      invites: [pending('i1', A, 'admin')],
      changes: [{ action: 'delete', email: A, from: 'admin', inviteId: 'i1', inviteStatus: 'pending' }],
    },
    {
      name: 'until ended at midnight UTC: every pending invite of that email is revoked, with prune off',
      desired: { prune: false, invites: [want(A, 'admin', { until: '2026-06-15' })] },
      now: new Date('2026-06-16T00:00:00.000Z'),
      invites: [pending('i1', A, 'admin'), pending('i2', A, 'member')],
      changes: [
        { action: 'delete', email: A, from: 'admin', inviteId: 'i1', inviteStatus: 'pending' },
        { action: 'delete', email: A, from: 'member', inviteId: 'i2', inviteStatus: 'pending' },
      ],
    },
    {
      name: 'until yesterday and nothing to revoke: kept as grant-ended with the listed access',
      desired: { invites: [want(A, 'admin', { until: '2026-06-14' })] },
      invites: [expired('i1', A, 'member'), accepted('i2', A, 'member')],
      kept: [{ email: A, access: 'admin', reason: 'grant-ended' }],
    },
    {
      name: 'until yesterday for a member: the member is not removed (grant-ended)',
      desired: { invites: [want(A, 'admin', { until: '2026-06-14' })] },
      members: [member(A, 'admin')],
      kept: [{ email: A, access: 'admin', reason: 'grant-ended' }],
    },
    {
      name: 'until yesterday but ignored: the pending invite is kept as ignored',
      desired: { ignore: ['alice@*'], invites: [want(A, 'admin', { until: '2026-06-14' })] },
      invites: [pending('i1', A, 'admin')],
      kept: [{ email: A, access: 'admin', reason: 'ignored' }],
    },
    {
      name: 'case and whitespace in current emails (and a listed email) are normalised',
      desired: { invites: [want(' Alice@Acme.com', 'admin'), want(B, 'member')] },
      invites: [pending('i1', ' ALICE@acme.COM\t', 'admin'), pending('i2', 'Carol@Acme.com ', 'member')],
      members: [member(' Bob@ACME.com', 'owner')],
      changes: [{ action: 'delete', email: C, from: 'member', inviteId: 'i2', inviteStatus: 'pending' }],
      kept: [
        { email: A, access: 'admin', reason: 'unchanged' },
        { email: B, access: 'owner', reason: 'member' },
      ],
    },
    {
      name: 'order: deletes, then replaces, then creates, each by email; kept by email',
      desired: {
        ignore: ['zed@*'],
        invites: [want(D, 'member'), want(B, 'admin'), want('yan@acme.com', 'member'), want(A, 'admin'), want(C, 'owner'), want('xia@acme.com', 'member')],
      },
      invites: [
        pending('i1', 'zoe@acme.com', 'member'),
        pending('i2', 'eve@acme.com', 'member'),
        pending('i3', C, 'member'),
        pending('i4', A, 'member'),
        pending('i5', 'zed@acme.com', 'member'),
        pending('i6', 'yan@acme.com', 'member'),
      ],
      members: [member('xia@acme.com', 'member')],
      changes: [
        { action: 'delete', email: 'eve@acme.com', from: 'member', inviteId: 'i2', inviteStatus: 'pending' },
        { action: 'delete', email: 'zoe@acme.com', from: 'member', inviteId: 'i1', inviteStatus: 'pending' },
        { action: 'replace', email: A, reason: 'role', from: 'member', to: 'admin', inviteId: 'i4', inviteStatus: 'pending' },
        { action: 'replace', email: C, reason: 'role', from: 'member', to: 'owner', inviteId: 'i3', inviteStatus: 'pending' },
        { action: 'create', email: B, to: 'admin' },
        { action: 'create', email: D, to: 'member' },
      ],
      kept: [
        { email: 'xia@acme.com', access: 'member', reason: 'member' },
        { email: 'yan@acme.com', access: 'member', reason: 'unchanged' },
        { email: 'zed@acme.com', access: 'member', reason: 'ignored' },
      ],
    },
  ])('$name', (row) => {
    const org = planAcme(row);
    expect(org.changes).toStrictEqual((row.changes ?? []).map((change) => ({ org: 'acme', ...change })));
    expect(org.kept).toStrictEqual(row.kept ?? []);
  });
});

describe('planChanges: counts and orgs', () => {
  it('counts every member and only unexpired pending invites (ignored and members\' ones included)', () => {
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
    expect(org.pending).toBe(3);
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
