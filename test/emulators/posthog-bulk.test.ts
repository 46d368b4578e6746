import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { envelope, KEYS, ORG, startPostHog, type PostHogHarness } from '../fixtures/posthog/harness.ts';

let ph: PostHogHarness;
beforeEach(async () => {
  ph = await startPostHog();
});
afterEach(async () => {
  await ph.server.close();
});

const emails = (count: number, from = 0) => Array.from({ length: count }, (_, i) => ({ target_email: `user${from + i}@example.com` }));

async function bulk(body: unknown, key: string = KEYS.ownerWrite): Promise<{ status: number; json: unknown }> {
  const response = await ph.call('POST', '/invites/bulk/', { key, body });
  return { status: response.status, json: await response.json() };
}

describe('PostHog emulator: bulk create (§5)', () => {
  it('takes a bare array of up to 20 and answers 201 with the invites in request order', async () => {
    const { status, json } = await bulk([{ target_email: 'B@example.com', level: 8 }, ...emails(19)]);
    expect(status).toBe(201);
    const created = json as { target_email: string; level: number; id: string }[];
    expect(created.map((invite) => invite.target_email)).toEqual(['b@example.com', ...emails(19).map((e) => e.target_email)]);
    expect(created[0]?.level).toBe(8);
    expect(ph.api.invitesOf(ORG)).toHaveLength(20);
    expect(ph.api.emailsSent()).toBe(20);
    expect(ph.api.emailsSent('b@example.com')).toBe(1);
  });

  it('refuses a body that is not an array, including the obsolete {"invites": [...]} shape', async () => {
    for (const body of [{ invites: emails(2) }, { target_email: 'a@example.com' }]) {
      const { status, json } = await bulk(body);
      expect(status).toBe(400);
      expect(json).toEqual(envelope('validation_error', 'invalid_input', 'This endpoint needs an array of data for bulk invite creation.'));
    }
    expect(ph.api.invitesOf(ORG)).toEqual([]);
  });

  it('refuses more than 20 items, creating nothing and sending no email', async () => {
    const { status, json } = await bulk(emails(21));
    expect(status).toBe(400);
    expect(json).toEqual(envelope('validation_error', 'max_length', 'A maximum of 20 invites can be sent in a single request.'));
    expect(ph.api.invitesOf(ORG)).toEqual([]);
    expect(ph.api.emailsSent()).toBe(0);
  });

  it('validates every item before creating any: one bad item creates nothing, and a valid item 0 makes the body "{}" (§5)', async () => {
    const items = [...emails(4), { target_email: null }, ...emails(3, 10)];
    const { status, json } = await bulk(items);
    expect(status).toBe(400);
    expect(json).toEqual({ type: 'validation_error', code: '{}', detail: '{}', attr: null });
    expect(ph.api.invitesOf(ORG)).toEqual([]);
    expect(ph.api.emailsSent()).toBe(0);
  });

  it('describes an invalid item 0 only, as the Python repr of its errors, with attr null', async () => {
    expect((await bulk([{ target_email: null }, ...emails(2)])).json).toEqual({
      type: 'validation_error',
      code: "{'target_email': ['null']}",
      detail: "{'target_email': [ErrorDetail(string='This field may not be null.', code='null')]}",
      attr: null,
    });
    expect((await bulk([{ target_email: 'not-an-email' }])).json).toEqual({
      type: 'validation_error',
      code: "{'target_email': ['invalid']}",
      detail: "{'target_email': [ErrorDetail(string='Enter a valid email address.', code='invalid')]}",
      attr: null,
    });
    expect((await bulk([...emails(2), { target_email: 'a@example.com', level: 2 }])).json).toEqual({ type: 'validation_error', code: '{}', detail: '{}', attr: null });
  });

  it('answers 403 for any item above the caller\'s level, creating nothing', async () => {
    const { status, json } = await bulk([...emails(3), { target_email: 'boss@example.com', level: 8 }], KEYS.memberWrite);
    expect(status).toBe(403);
    expect(json).toEqual(envelope('authentication_error', 'permission_denied', 'You cannot invite a user with a higher permission level than your own.'));
    expect(ph.api.invitesOf(ORG)).toEqual([]);
  });

  it('answers 201 [] for an empty array', async () => {
    expect(await bulk([])).toEqual({ status: 201, json: [] });
  });

  it('replaces earlier invites per item: a repeated email leaves only its last invite but lists both', async () => {
    await ph.call('POST', '/invites/', { body: { target_email: 'dup@example.com' } });
    const { status, json } = await bulk([{ target_email: 'dup@example.com', level: 1 }, { target_email: 'DUP@example.com', level: 8 }]);
    expect(status).toBe(201);
    expect(json).toHaveLength(2);
    const survivors = ph.api.invitesOf(ORG);
    expect(survivors.map((invite) => [invite.target_email, invite.level])).toEqual([['dup@example.com', 8]]);
    expect(survivors[0]?.id).toBe((json as { id: string }[])[1]?.id);
    expect(ph.api.emailsSent('dup@example.com')).toBe(3);
  });

  it('stops at an item whose email is already a member, keeping the items created before it', async () => {
    const { status, json } = await bulk([...emails(2), { target_email: 'member@acme.com' }, ...emails(2, 5)]);
    expect(status).toBe(400);
    expect(json).toEqual(envelope('validation_error', 'invalid_input', 'A user with this email address already belongs to the organization.'));
    expect(ph.api.invitesOf(ORG).map((invite) => invite.target_email).sort()).toEqual(['user0@example.com', 'user1@example.com']);
    expect(ph.api.emailsSent()).toBe(2);
  });
});
