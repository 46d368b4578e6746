import { describe, it } from 'vitest';
import type { PlanRow } from './helpers/states.ts';
import { A, accepted, B, C, D, expectRow, expired, member, pending, want } from './helpers/states.ts';

describe('planChanges: unlisted and ignored invites, ended grants, normalisation and order', () => {
  it.each<PlanRow>([
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
  ])('$name', expectRow);
});
