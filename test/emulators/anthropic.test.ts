import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InviteWire, ListPage, UserWire } from '../../src/emulators/anthropic/wire.ts';
import { DAY_MS, START, startAnthropic, seedWith } from '../fixtures/anthropic/harness.ts';
import type { AnthropicHarness, ErrorEnvelope } from '../fixtures/anthropic/harness.ts';

const INVITE_ID = /^invite_01[0-9A-Za-z]{22}$/;
const RFC3339_MICROS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '000Z');

describe('Anthropic emulator: invites over HTTP', () => {
  let h: AnthropicHarness;
  beforeAll(async () => {
    h = await startAnthropic(
      seedWith({
        users: [
          { email: 'ada@acme.com', name: 'Ada Lovelace', role: 'admin', age_days: 100 },
          { email: 'Grace@Acme.com', name: 'Grace Hopper', role: 'developer', age_days: 50 },
        ],
        invites: [
          { email: 'old@acme.com', role: 'user', age_days: 30 },
          { email: 'taken@acme.com', role: 'billing', age_days: 40, status: 'accepted' },
        ],
      }),
    );
  });
  afterAll(() => h.close());

  const create = (body: unknown) => h.call<InviteWire>('POST', '/v1/organizations/invites', { body });
  const fail = (body: unknown) => h.call<ErrorEnvelope>('POST', '/v1/organizations/invites', { body });
  const listAll = async () =>
    (await h.call<ListPage<InviteWire>>('GET', '/v1/organizations/invites?limit=1000')).body.data;

  it('creates a pending invite exactly as reference §3.1, expiring 21 days later, and sends one email', async () => {
    const before = h.api.emailsSent();
    const { status, body } = await create({ email: 'Carol@Acme.com', role: 'developer' });
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(
      ['accepted_at', 'email', 'expires_at', 'id', 'invited_at', 'rbac_group_ids', 'role', 'status', 'type'].sort(),
    );
    expect(body).toMatchObject({
      type: 'invite',
      email: 'Carol@Acme.com', // stored as sent (reference §6.1)
      role: 'developer',
      status: 'pending',
      accepted_at: null,
      rbac_group_ids: [],
      invited_at: iso(START.getTime()),
      expires_at: iso(START.getTime() + 21 * DAY_MS),
    });
    expect(body.id).toMatch(INVITE_ID);
    expect(body.invited_at).toMatch(RFC3339_MICROS);
    expect(h.api.emailsSent('carol@acme.com')).toBe(1);
    expect(h.api.emailsSent()).toBe(before + 1);

    const got = await h.call<InviteWire>('GET', `/v1/organizations/invites/${body.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(body);
  });

  it('refuses a second invite for a pending address (any case, any +tag) with invite_already_exists, sending nothing', async () => {
    const first = await create({ email: 'dup@acme.com', role: 'user' });
    const sent = h.api.emailsSent();
    for (const email of ['dup@acme.com', 'DUP@Acme.COM', 'dup+hiring@acme.com']) {
      const { status, body, headers } = await fail({ email, role: 'developer' });
      expect(status).toBe(400);
      expect(body.type).toBe('error');
      expect(body.error.type).toBe('invalid_request_error');
      expect(body.error.details).toEqual({ error_code: 'invite_already_exists' });
      expect(body.error.message).toContain(first.body.id);
      expect(body.request_id).toBe(headers.get('request-id'));
    }
    expect(h.api.emailsSent()).toBe(sent);
    expect((await listAll()).filter((i) => i.email.toLowerCase().startsWith('dup'))).toHaveLength(1);
  });

  it('refuses to invite a member (any case, any +tag) with already_member naming the user', async () => {
    const grace = h.api.users().find((u) => u.email === 'Grace@Acme.com');
    for (const email of ['grace@acme.com', 'GRACE+x@acme.com']) {
      const { status, body } = await fail({ email, role: 'user' });
      expect(status).toBe(400);
      expect(body.error).toMatchObject({ type: 'invalid_request_error', details: { error_code: 'already_member' } });
      expect(body.error.message).toContain(grace?.id);
    }
  });

  it('lets an address with only an expired invite be invited again', async () => {
    const before = await listAll();
    expect(before.find((i) => i.email === 'old@acme.com')?.status).toBe('expired');
    const { status } = await create({ email: 'old@acme.com', role: 'user' });
    expect(status).toBe(200);
    const statuses = (await listAll()).filter((i) => i.email === 'old@acme.com').map((i) => i.status);
    expect(statuses).toEqual(['pending', 'expired']);
  });

  it('computes expiry from the clock: pending until expires_at, expired from then on', async () => {
    const { body } = await create({ email: 'tick@acme.com', role: 'user' });
    h.clock.advance(21 * DAY_MS - 1);
    expect((await h.call<InviteWire>('GET', `/v1/organizations/invites/${body.id}`)).body.status).toBe('pending');
    h.clock.advance(1);
    const now = await h.call<InviteWire>('GET', `/v1/organizations/invites/${body.id}`);
    expect(now.body.status).toBe('expired');
    expect(now.body.expires_at).toBe(body.expires_at);
    // Expired invites cannot be withdrawn.
    const del = await h.call('DELETE', `/v1/organizations/invites/${body.id}`);
    expect(del.status).toBe(400);
    expect(del.body.error.type).toBe('invalid_request_error');
    // New creates after the jump are stamped with the moved clock.
    const later = await create({ email: 'later@acme.com', role: 'user' });
    expect(later.body.invited_at).toBe(iso(START.getTime() + 21 * DAY_MS));
  });

  it('deletes a pending invite (200 invite_deleted); afterwards GET and DELETE are 404 and the list omits it', async () => {
    const { body } = await create({ email: 'gone@acme.com', role: 'billing' });
    const del = await h.call<{ id: string; type: string }>('DELETE', `/v1/organizations/invites/${body.id}`);
    expect(del.status).toBe(200);
    expect(del.body).toEqual({ id: body.id, type: 'invite_deleted' });
    const get = await h.call('GET', `/v1/organizations/invites/${body.id}`);
    expect(get.status).toBe(404);
    expect(get.body.error.type).toBe('not_found_error');
    expect((await h.call('DELETE', `/v1/organizations/invites/${body.id}`)).status).toBe(404);
    expect((await listAll()).map((i) => i.id)).not.toContain(body.id);
    expect(h.api.invites().find((i) => i.id === body.id)?.status).toBe('deleted');
    // The address is free again.
    expect((await create({ email: 'gone@acme.com', role: 'user' })).status).toBe(200);
  });

  it('refuses to delete an accepted invite (400) and answers 404 for an unknown id', async () => {
    const accepted = h.api.invites().find((i) => i.email === 'taken@acme.com');
    const del = await h.call('DELETE', `/v1/organizations/invites/${accepted?.id}`);
    expect(del.status).toBe(400);
    expect(del.body.error.type).toBe('invalid_request_error');
    const unknown = await h.call('DELETE', '/v1/organizations/invites/invite_01NoSuchInviteAnywhere0');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toEqual({ type: 'not_found_error', message: 'The requested resource could not be found.' });
    expect((await h.call('GET', '/v1/organizations/invites/invite_01NoSuchInviteAnywhere0')).status).toBe(404);
  });

  it('acceptInvite turns a pending invite into a member with its role; inviting them again is already_member', async () => {
    const { body: invite } = await create({ email: 'joiner@acme.com', role: 'claude_code_user' });
    h.clock.advance(3_600_000);
    const user = h.api.acceptInvite('Joiner@acme.com');
    expect(user).toMatchObject({ type: 'user', email: 'joiner@acme.com', role: 'claude_code_user' });
    const got = await h.call<InviteWire>('GET', `/v1/organizations/invites/${invite.id}`);
    expect(got.body.status).toBe('accepted');
    expect(got.body.accepted_at).toBe(user.added_at);
    const users = await h.call<ListPage<UserWire>>('GET', '/v1/organizations/users?email=joiner@acme.com');
    expect(users.body.data).toEqual([user]);
    expect((await fail({ email: 'joiner@acme.com', role: 'user' })).body.error.details?.error_code).toBe('already_member');
    expect(() => h.api.acceptInvite('nobody@acme.com')).toThrow();
  });

  it('addUser makes an address a member, so a create is refused', async () => {
    h.api.addUser({ email: 'direct@acme.com', role: 'billing' });
    expect((await fail({ email: 'direct@acme.com', role: 'user' })).body.error.details?.error_code).toBe('already_member');
  });

  it.each([
    ['missing email', { role: 'user' }, /email/],
    ['non-string email', { email: 42, role: 'user' }, /email/],
    ['malformed email', { email: 'not-an-address', role: 'user' }, /email/],
    ['missing role', { email: 'x1@acme.com' }, /role/],
    ['admin role', { email: 'x2@acme.com', role: 'admin' }, /role/],
    ['unknown role', { email: 'x3@acme.com', role: 'owner' }, /role/],
    ['unknown property', { email: 'x4@acme.com', role: 'user', first_name: 'X' }, /first_name/],
    ['non-empty rbac_group_ids', { email: 'x5@acme.com', role: 'user', rbac_group_ids: ['rbac_group_01'] }, /rbac_group_ids/],
    ['an array body', [{ email: 'x6@acme.com', role: 'user' }], /./],
  ])('refuses a create body with %s (400, nothing created)', async (_name, body, message) => {
    const sent = h.api.emailsSent();
    const reply = await fail(body);
    expect(reply.status).toBe(400);
    expect(reply.body.error.type).toBe('invalid_request_error');
    expect(reply.body.error.message).toMatch(message);
    expect(reply.body.error.details).toBeUndefined();
    expect(h.api.emailsSent()).toBe(sent);
  });

  it('refuses malformed JSON and an empty body with 400', async () => {
    for (const rawBody of ['{"email": "x@acme.com", ', '']) {
      const reply = await h.call('POST', '/v1/organizations/invites', { rawBody });
      expect(reply.status).toBe(400);
      expect(reply.body.error.type).toBe('invalid_request_error');
    }
  });

  it('accepts an empty rbac_group_ids and every assignable role', async () => {
    for (const role of ['user', 'developer', 'billing', 'claude_code_user']) {
      const reply = await create({ email: `role-${role}@acme.com`, role, rbac_group_ids: [] });
      expect(reply.status).toBe(200);
      expect(reply.body.role).toBe(role);
    }
  });
});
