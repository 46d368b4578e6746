import Anthropic, { BadRequestError, NotFoundError, OverloadedError, PermissionDeniedError } from '@anthropic-ai/sdk';
import { AlreadyMemberError, InviteAlreadyExistsError } from '@anthropic-ai/sdk/resources/organization/invites';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, START, startAnthropic, seedWith } from '../fixtures/anthropic/harness.ts';
import type { AnthropicHarness } from '../fixtures/anthropic/harness.ts';

/** The emulator driven by the official SDK: its paths, query encoding, auth header and typed errors. */
describe('Anthropic emulator with the official @anthropic-ai/sdk', () => {
  let h: AnthropicHarness;
  let client: Anthropic;
  beforeAll(async () => {
    h = await startAnthropic(
      seedWith({
        users: [
          { email: 'ada@acme.com', name: 'Ada Lovelace', role: 'admin', age_days: 400 },
          { email: 'grace@acme.com', name: 'Grace Hopper', role: 'developer', age_days: 200 },
          { email: 'linus@acme.com', name: 'Linus Torvalds', role: 'user', age_days: 100 },
          { email: 'margaret@acme.com', name: 'Margaret Hamilton', role: 'billing', age_days: 50 },
          { email: 'ken@acme.com', name: 'Ken Thompson', role: 'claude_code_user', age_days: 10 },
        ],
        // 45 invites, one hour apart; the last five are past their 21 days.
        invites: Array.from({ length: 45 }, (_, n) => ({
          email: `invitee${n}@acme.com`,
          role: 'user' as const,
          age_days: n < 40 ? n / 24 : 22 + n / 24,
        })),
      }),
    );
    // authToken: null so an ANTHROPIC_AUTH_TOKEN in the environment cannot change the auth header.
    client = new Anthropic({ apiKey: h.key, authToken: null, baseURL: h.server.url, maxRetries: 0 });
  });
  afterAll(() => h.close());

  it('auto-paginates the invites list over several pages, newest first, with the key sent as a bearer token', async () => {
    h.server.resetLog();
    const emails: string[] = [];
    for await (const invite of client.organization.invites.list({ limit: 20 })) emails.push(invite.email);
    expect(emails).toEqual(Array.from({ length: 45 }, (_, n) => `invitee${n}@acme.com`));
    const gets = h.server.log.filter((r) => r.method === 'GET');
    expect(gets).toHaveLength(3);
    expect(gets[1]?.path).toMatch(/after_id=invite_/);
    expect(gets.every((r) => r.credential === h.key && r.status === 200)).toBe(true);
  });

  it('auto-paginates the users list and sends statuses[] the way the emulator filters it', async () => {
    const members: string[] = [];
    for await (const user of client.organization.users.list({ limit: 2 })) members.push(user.email);
    expect(members).toEqual(['ken@acme.com', 'margaret@acme.com', 'linus@acme.com', 'grace@acme.com', 'ada@acme.com']);
    const expired = await client.organization.invites.list({ statuses: ['expired'], limit: 100 });
    expect(expired.data.map((i) => i.email)).toEqual([40, 41, 42, 43, 44].map((n) => `invitee${n}@acme.com`));
    const [grace] = (await client.organization.users.list({ email: 'Grace+sdk@acme.com' })).data;
    expect(grace?.name).toBe('Grace Hopper');
  });

  it('creates, retrieves and deletes an invite', async () => {
    const created = await client.organization.invites.create({ email: 'newhire@acme.com', role: 'developer' });
    expect(created).toMatchObject({ type: 'invite', email: 'newhire@acme.com', role: 'developer', status: 'pending', accepted_at: null, rbac_group_ids: [] });
    expect(Date.parse(created.expires_at) - Date.parse(created.invited_at)).toBe(21 * DAY_MS);
    expect(Date.parse(created.invited_at)).toBe(START.getTime());
    expect(await client.organization.invites.retrieve(created.id)).toEqual(created);
    expect(await client.organization.invites.delete(created.id)).toEqual({ id: created.id, type: 'invite_deleted' });
    await expect(client.organization.invites.retrieve(created.id)).rejects.toBeInstanceOf(NotFoundError);
    expect(h.api.invites().find((i) => i.id === created.id)?.status).toBe('deleted');
    expect(h.api.emailsSent('newhire@acme.com')).toBe(1);
  });

  it('surfaces a duplicate pending invite as the typed InviteAlreadyExistsError', async () => {
    const first = await client.organization.invites.create({ email: 'twice@acme.com', role: 'user' });
    const error = await client.organization.invites.create({ email: 'Twice@acme.com', role: 'user' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InviteAlreadyExistsError);
    expect(error).toBeInstanceOf(BadRequestError);
    const typed = error as InviteAlreadyExistsError;
    expect(typed.status).toBe(400);
    expect(typed.errorCode).toBe('invite_already_exists');
    expect(typed.type).toBe('invalid_request_error');
    expect(typed.apiMessage).toContain(first.id);
    expect(typed.requestID).toMatch(/^req_01/);
    expect(h.api.emailsSent('twice@acme.com')).toBe(1);
  });

  it('surfaces an invite to a member as the typed AlreadyMemberError', async () => {
    await expect(client.organization.invites.create({ email: 'linus@acme.com', role: 'user' })).rejects.toBeInstanceOf(AlreadyMemberError);
  });

  // SDK 1.12.0 keeps `beta: 'true'` as an internal qualifier and no longer puts it in the URL;
  // the transport tests cover `?beta=true` from older SDKs.
  it('serves the beta namespace too', async () => {
    const page = await client.beta.organization.invites.list({ limit: 3, statuses: ['pending'] });
    // twice@ was created by the test above at the start time, after invitee0 was seeded with age 0.
    expect(page.data.map((i) => i.email)).toEqual(['twice@acme.com', 'invitee0@acme.com', 'invitee1@acme.com']);
  });

  it('maps injected failures and scoped keys to the SDK error classes', async () => {
    h.server.setFaults({ seed: 1, rates: { 529: 1 } });
    try {
      await expect(client.organization.users.list()).rejects.toBeInstanceOf(OverloadedError);
    } finally {
      h.server.setFaults();
    }
    const readOnly = await startAnthropic({
      ...seedWith({}),
      api_keys: [{ key: 'sk-ant-admin01-readonly', scopes: ['read:members'] }],
    });
    try {
      const scoped = new Anthropic({ apiKey: 'sk-ant-admin01-readonly', authToken: null, baseURL: readOnly.server.url, maxRetries: 0 });
      expect((await scoped.organization.invites.list()).data).toEqual([]);
      const error = await scoped.organization.invites.create({ email: 'x@acme.com', role: 'user' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PermissionDeniedError);
      expect((error as PermissionDeniedError).errorCode).toBe('api_key_scope_missing');
    } finally {
      await readOnly.close();
    }
  });
});
