// Indexing an org's listed and current invites and members by email: normalising, folding, classifying, ordering.
import { describe, expect, it } from 'vitest';
import { classifyInvite, emailFoldOf, indexByEmail } from '../src/email-index.ts';
import type { CurrentInvite, CurrentMember } from '../src/model.ts';
import { desiredOrg, expired, NOW, pending, want } from './helpers/states.ts';

const state = (invites: CurrentInvite[], members: CurrentMember[] = []) => ({ invites, members });

describe('emailFoldOf', () => {
  it('is the identity for an API that does not fold addresses, or an unknown one', () => {
    expect(emailFoldOf('posthog')('jane+x@acme.com')).toBe('jane+x@acme.com');
    expect(emailFoldOf('nosuch')('jane+x@acme.com')).toBe('jane+x@acme.com');
  });
});

describe('indexByEmail', () => {
  it('keeps entries already normalised as they are, and normalises the others', () => {
    const listed = want('ann@acme.com', 'member');
    const invite = pending('i1', 'bob@acme.com', 'member');
    const member = { email: 'cat@acme.com', access: 'member' };
    const records = indexByEmail(desiredOrg({ invites: [listed, want(' Dan@Acme.com', 'admin')] }), state([invite, pending('i2', 'Eve@Acme.com', 'member')], [member, { email: 'Fay@Acme.com', access: 'admin' }]), NOW);
    expect(records.get('ann@acme.com')?.desired).toBe(listed);
    expect(records.get('bob@acme.com')?.pending[0]).toBe(invite);
    expect(records.get('cat@acme.com')?.member).toBe(member);
    expect(records.get('dan@acme.com')?.desired).toStrictEqual({ email: 'dan@acme.com', access: 'admin' });
    expect(records.get('eve@acme.com')?.pending[0]).toMatchObject({ id: 'i2', email: 'eve@acme.com' });
    expect(records.get('fay@acme.com')?.member).toStrictEqual({ email: 'fay@acme.com', access: 'admin' });
  });

  it('refuses an email listed twice, when the first listing has ended too', () => {
    const ended = want('ann@acme.com', 'member', { until: '2026-01-01' });
    expect(() => indexByEmail(desiredOrg({ invites: [ended, want('Ann@acme.com', 'admin')] }), state([]), NOW)).toThrow('org "acme" lists ann@acme.com more than once');
    expect(() => indexByEmail(desiredOrg({ invites: [want('ann@acme.com', 'admin'), ended] }), state([]), NOW)).toThrow('more than once');
  });

  it('leaves invites without an email out of every record', () => {
    const link: CurrentInvite = { ...pending('l1', '', 'member'), link: true };
    const records = indexByEmail(desiredOrg(), state([link, { ...expired('l2', '', 'member'), link: true }]), NOW);
    expect([...records.keys()]).toEqual([]);
  });

  it('sorts an email\'s invites newest first, ties by id, and leaves accepted ones out', () => {
    const at = (id: string, createdAt: string, status: 'pending' | 'expired' | 'accepted' = 'pending'): CurrentInvite => ({ ...pending(id, 'ann@acme.com', 'member', { createdAt }), status });
    const records = indexByEmail(desiredOrg(), state([at('b', '2026-06-01T00:00:00Z'), at('c', '2026-06-03T00:00:00Z'), at('a', '2026-06-01T00:00:00Z'), at('x', '2026-06-05T00:00:00Z', 'accepted'), at('e2', '2026-05-01T00:00:00Z', 'expired'), at('e1', '2026-05-02T00:00:00Z', 'expired')]), NOW);
    const record = records.get('ann@acme.com')!;
    expect(record.pending.map((invite) => invite.id)).toEqual(['c', 'a', 'b']);
    expect(record.expired.map((invite) => invite.id)).toEqual(['e1', 'e2']);
  });

  it('keeps the smaller access of a member listed twice, whatever the order', () => {
    for (const members of [[{ email: 'ann@acme.com', access: 'b' }, { email: 'ann@acme.com', access: 'a' }], [{ email: 'ann@acme.com', access: 'a' }, { email: 'ann@acme.com', access: 'b' }]]) {
      expect(indexByEmail(desiredOrg(), state([], members), NOW).get('ann@acme.com')?.member?.access).toBe('a');
    }
  });

  it('keeps one listing of a member listed twice with the same access, whatever the order: the smaller id, then one with an id', () => {
    const listings = [
      { email: 'ann@acme.com', access: 'member', id: 'u2' },
      { email: 'ann@acme.com', access: 'member' },
      { email: 'ann@acme.com', access: 'member', id: 'u1' },
    ];
    for (const members of [listings, [...listings].reverse(), [listings[1]!, listings[2]!, listings[0]!]]) {
      expect(indexByEmail(desiredOrg(), state([], members), NOW).get('ann@acme.com')?.member?.id).toBe('u1');
    }
    for (const members of [[listings[1]!, listings[0]!], [listings[0]!, listings[1]!]]) {
      expect(indexByEmail(desiredOrg(), state([], members), NOW).get('ann@acme.com')?.member?.id).toBe('u2');
    }
  });
});

describe('classifyInvite', () => {
  const at = NOW.getTime();
  it.each<[string, Partial<CurrentInvite>, 'pending' | 'expired' | undefined]>([
    ['accepted', { status: 'accepted' }, undefined],
    ['expired by status', { status: 'expired' }, 'expired'],
    ['pending without expiry', {}, 'pending'],
    ['pending, expiring later', { expiresAt: new Date(at + 1).toISOString() }, 'pending'],
    ['pending, expiring now', { expiresAt: new Date(at).toISOString() }, 'expired'],
  ])('%s', (_name, extra, kind) => {
    expect(classifyInvite({ ...pending('i1', 'a@acme.com', 'member'), ...extra }, at)).toBe(kind);
  });

  it.each([0, 1])('refuses an unreadable creation time when it orders invites (bad one at %i)', (bad) => {
    const invites = [pending('i1', 'a@acme.com', 'member'), pending('i2', 'a@acme.com', 'member')];
    invites[bad] = { ...invites[bad]!, createdAt: 'yesterday' };
    expect(() => indexByEmail(desiredOrg(), state(invites), NOW)).toThrow(`invite i${bad + 1}: createdAt "yesterday" is not a valid timestamp`);
  });

  it('refuses an unreadable timestamp, naming the invite and the field', () => {
    expect(() => classifyInvite({ ...pending('i9', 'a@acme.com', 'member'), expiresAt: 'soon' }, 0)).toThrow('invite i9: expiresAt "soon" is not a valid timestamp');
  });
});
