// The planner on invites without an email (link invites), project grants on invites, and the order of an email's stray revokes.
import { describe, expect, it } from 'vitest';
import type { Change, CurrentInvite, ProjectGrant } from '../src/model.ts';
import { LINK_INVITE_EMAIL } from '../src/plan.ts';
import type { PlanRow } from './helpers/states.ts';
import { A, B, expectRow, expired, pending, planAcme, want } from './helpers/states.ts';

const link = (id: string, status: 'pending' | 'expired', extra: Partial<CurrentInvite> = {}): CurrentInvite => ({ ...pending(id, '', 'member'), status, link: true, ...extra });

describe('planChanges: link invites', () => {
  it('revokes the live ones with prune on, counting them apart from the emails', () => {
    const org = planAcme({ invites: [link('l1', 'pending'), link('l2', 'expired'), link('l3', 'pending', { expiresAt: '2026-06-01T00:00:00.000Z' }), pending('i1', B, 'member')] });
    expect(org.linkInvites).toStrictEqual({ pending: 1, expired: 2, revoked: true });
    expect(org.pending).toBe(2);
    expect(org.changes).toStrictEqual([
      { org: 'acme', action: 'delete', email: LINK_INVITE_EMAIL, from: 'member', inviteId: 'l1', inviteStatus: 'pending' },
      { org: 'acme', action: 'delete', email: B, from: 'member', inviteId: 'i1', inviteStatus: 'pending' },
    ]);
    expect(LINK_INVITE_EMAIL).toBe('(link invite)');
  });

  it('only counts them with prune off, and does not count them as pending', () => {
    const org = planAcme({ desired: { prune: false }, invites: [link('l1', 'pending'), link('l2', 'pending')] });
    expect(org.linkInvites).toStrictEqual({ pending: 2, expired: 0, revoked: false });
    expect(org.pending).toBe(0);
    expect(org.changes).toStrictEqual([]);
  });

  it('revokes nothing and says so when every link invite has expired, and has no linkInvites without any', () => {
    const org = planAcme({ invites: [link('l1', 'expired')] });
    expect(org.linkInvites).toStrictEqual({ pending: 0, expired: 1, revoked: false });
    expect(org.pending).toBe(0);
    expect(planAcme({ invites: [pending('i1', B, 'member')] })).not.toHaveProperty('linkInvites');
  });
});

const P1: ProjectGrant = { id: 1, level: 'member' };
const P2: ProjectGrant = { id: 2, level: 'admin' };
/** A re-invite row with `fromProjects`, which `Omit` over the change union does not keep. */
const projectsReplace = (change: object): Omit<Change, 'org'> => change as Omit<Change, 'org'>;
const withProjects = (invite: CurrentInvite, projects: ProjectGrant[]): CurrentInvite => ({ ...invite, projects });

describe('planChanges: project grants', () => {
  it.each<PlanRow>([
    {
      name: 'the same grants in another order: kept',
      desired: { invites: [want(A, 'member', { projects: [P2, P1] })] },
      invites: [withProjects(pending('i1', A, 'member'), [P1, P2])],
      kept: [{ email: A, access: 'member', reason: 'unchanged' }],
    },
    {
      name: 'other grants: re-invited for them, naming the grants it replaces',
      desired: { invites: [want(A, 'member', { projects: [P1] })] },
      invites: [withProjects(pending('i1', A, 'member'), [P2])],
      changes: [projectsReplace({ action: 'replace', email: A, reason: 'projects', from: 'member', to: 'member', inviteId: 'i1', inviteStatus: 'pending', projects: [P1], fromProjects: [P2] })],
    },
    {
      name: 'grants asked of an invite without any: re-invited, replacing none',
      desired: { invites: [want(A, 'member', { projects: [P1] })] },
      invites: [pending('i1', A, 'member')],
      changes: [projectsReplace({ action: 'replace', email: A, reason: 'projects', from: 'member', to: 'member', inviteId: 'i1', inviteStatus: 'pending', projects: [P1], fromProjects: [] })],
    },
    {
      name: 'no grants asked: the invite\'s grants are not managed',
      desired: { invites: [want(A, 'member')] },
      invites: [withProjects(pending('i1', A, 'member'), [P1])],
      kept: [{ email: A, access: 'member', reason: 'unchanged' }],
    },
    {
      name: 'no grants asked, another role: the re-invite carries the current grants over',
      desired: { invites: [want(A, 'admin')] },
      invites: [withProjects(pending('i1', A, 'member'), [P1])],
      changes: [{ action: 'replace', email: A, reason: 'role', from: 'member', to: 'admin', inviteId: 'i1', inviteStatus: 'pending', projects: [P1] }],
    },
    {
      name: 'no grants asked, another role, the invite has an empty grant list: none sent',
      desired: { invites: [want(A, 'admin')] },
      invites: [withProjects(pending('i1', A, 'member'), [])],
      changes: [{ action: 'replace', email: A, reason: 'role', from: 'member', to: 'admin', inviteId: 'i1', inviteStatus: 'pending' }],
    },
    {
      name: 'an empty grant list asked, another role: the empty list is sent',
      desired: { invites: [want(A, 'admin', { projects: [] })] },
      invites: [withProjects(pending('i1', A, 'member'), [P1])],
      changes: [{ action: 'replace', email: A, reason: 'role', from: 'member', to: 'admin', inviteId: 'i1', inviteStatus: 'pending', projects: [] }],
    },
    {
      name: 'of two invites of the asked role, the one with the asked grants is kept and the other revoked',
      desired: { invites: [want(A, 'member', { projects: [P2] })] },
      invites: [withProjects(pending('i1', A, 'member', { createdAt: '2026-06-10T00:00:00.000Z' }), [P1]), withProjects(pending('i2', A, 'member'), [P2])],
      changes: [{ action: 'delete', email: A, from: 'member', inviteId: 'i1', inviteStatus: 'pending' }],
      kept: [{ email: A, access: 'member', reason: 'unchanged' }],
    },
    {
      name: 'no invite with the asked role and grants: the one with the asked role is re-invited for its grants, the newest revoked',
      desired: { invites: [want(A, 'member', { projects: [P1] })] },
      invites: [pending('i1', A, 'admin', { createdAt: '2026-06-10T00:00:00.000Z' }), withProjects(pending('i2', A, 'member'), [P2])],
      changes: [
        { action: 'delete', email: A, from: 'admin', inviteId: 'i1', inviteStatus: 'pending' },
        projectsReplace({ action: 'replace', email: A, reason: 'projects', from: 'member', to: 'member', inviteId: 'i2', inviteStatus: 'pending', projects: [P1], fromProjects: [P2] }),
      ],
    },
    {
      name: 'an empty grant list asked of an invite without grants: kept',
      desired: { invites: [want(A, 'member', { projects: [] })] },
      invites: [pending('i1', A, 'member')],
      kept: [{ email: A, access: 'member', reason: 'unchanged' }],
    },
    {
      name: 'a create sends the asked grants',
      desired: { invites: [want(A, 'member', { projects: [P1] })] },
      changes: [{ action: 'create', email: A, to: 'member', projects: [P1] }],
    },
    {
      name: 'an expired invite is re-invited with the asked grants',
      desired: { invites: [want(A, 'member', { projects: [P1] })] },
      invites: [withProjects(expired('i1', A, 'member'), [P2])],
      changes: [{ action: 'replace', email: A, reason: 'expired', from: 'member', to: 'member', inviteId: 'i1', inviteStatus: 'expired', projects: [P1] }],
    },
  ])('$name', (row: PlanRow) => expectRow(row));
});

describe('planChanges: order of one email\'s stray revokes', () => {
  it('orders them by access, then by invite id', () => {
    expectRow({
      name: 'stray revokes',
      invites: [pending('i2', B, 'member'), pending('i3', B, 'admin'), pending('i1', B, 'member')],
      changes: [
        { action: 'delete', email: B, from: 'admin', inviteId: 'i3', inviteStatus: 'pending' },
        { action: 'delete', email: B, from: 'member', inviteId: 'i1', inviteStatus: 'pending' },
        { action: 'delete', email: B, from: 'member', inviteId: 'i2', inviteStatus: 'pending' },
      ],
    });
  });
});

describe('planChanges: ignore where the API folds addresses', () => {
  it('keeps a person out of reach when ignore names any of their addresses', () => {
    expectRow({
      name: 'folded ignore',
      desired: { provider: 'anthropic', ignore: ['jane+bot@acme.com'], invites: [want('jane@acme.com', 'developer')] },
      invites: [pending('i1', 'jane+bot@acme.com', 'user')],
      kept: [{ email: 'jane+bot@acme.com', access: 'user', reason: 'ignored' }],
    });
    expectRow({
      name: 'folded ignore of the listed address',
      desired: { provider: 'anthropic', ignore: ['jane+x@*'], invites: [want('jane+x@acme.com', 'developer')] },
      invites: [pending('i1', 'jane@acme.com', 'user')],
      kept: [{ email: 'jane@acme.com', access: 'user', reason: 'ignored' }],
    });
    expectRow({
      name: 'folded, nothing ignored',
      desired: { provider: 'anthropic', ignore: ['someone-else@acme.com'], invites: [want('jane+x@acme.com', 'user')] },
      invites: [pending('i1', 'jane@acme.com', 'user')],
      kept: [{ email: 'jane@acme.com', access: 'user', reason: 'unchanged' }],
    });
  });

  it('plans nothing for a listed email that is ignored and has no invite', () => {
    expectRow({ name: 'ignored, listed, nothing current', desired: { ignore: ['zed@*'], invites: [want('zed@acme.com', 'member')] } });
  });
});
