import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WireInvite } from '../../src/emulators/posthog/index.ts';
import { bodyOf, DAY_MS, envelope, KEYS, LOCKED_ORG, ORG, OTHER_ORG, PROJECT_ID, startPostHog, type PostHogHarness } from '../fixtures/posthog/harness.ts';

let ph: PostHogHarness;
beforeEach(async () => {
  ph = await startPostHog();
});
afterEach(async () => {
  await ph.server.close();
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z$/;

async function create(body: unknown, key: string = KEYS.ownerWrite): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await ph.call('POST', '/invites/', { key, body });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe('PostHog emulator: create', () => {
  it('returns 201 with the invite object of §3, trimmed and lower-cased, with defaults', async () => {
    const { status, json } = await create({ target_email: '  Alice@Example.COM ', first_name: 'Alice', send_email: true });
    expect(status).toBe(201);
    expect(Object.keys(json)).toEqual([
      'id',
      'target_email',
      'first_name',
      'emailing_attempt_made',
      'level',
      'is_expired',
      'created_by',
      'created_at',
      'updated_at',
      'message',
      'private_project_access',
    ]);
    expect(json).toMatchObject({
      target_email: 'alice@example.com',
      first_name: 'Alice',
      emailing_attempt_made: true,
      level: 1,
      is_expired: false,
      message: null,
      private_project_access: [],
      created_by: { email: 'owner@acme.com', first_name: 'Olivia', is_email_verified: true, hedgehog_config: null },
    });
    expect(json.id).toMatch(UUID);
    expect(json.created_at).toMatch(TIMESTAMP);
    expect(json.updated_at).toMatch(TIMESTAMP);
    expect(ph.api.invitesOf(ORG)).toEqual([json]);
    expect(ph.api.emailsSent('alice@example.com')).toBe(1);
  });

  it('keeps message and project access, and stores an empty access list as null', async () => {
    const withAccess = await create({ target_email: 'a@example.com', message: 'Hi!', private_project_access: [{ id: PROJECT_ID, level: 'admin' }] });
    expect(withAccess.json).toMatchObject({ message: 'Hi!', private_project_access: [{ id: PROJECT_ID, level: 'admin' }] });
    const empty = await create({ target_email: 'b@example.com', private_project_access: [] });
    expect(empty.json.private_project_access).toBeNull();
  });

  it('sends no email when send_email is false', async () => {
    const { json } = await create({ target_email: 'quiet@example.com', send_email: false });
    expect(json.emailing_attempt_made).toBe(false);
    expect(ph.api.emailsSent('quiet@example.com')).toBe(0);
    expect(ph.api.emailsSent()).toBe(0);
  });

  it('accepts a form-encoded body, with the level as a string', async () => {
    const response = await fetch(`${ph.orgUrl()}/invites/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEYS.ownerWrite}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'target_email=Form%40Example.com&level=8',
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ target_email: 'form@example.com', level: 8 });
  });

  it('answers 400 when the email already belongs to a member, in any case', async () => {
    const { status, json } = await create({ target_email: 'MEMBER@acme.com' });
    expect(status).toBe(400);
    expect(json).toEqual(envelope('validation_error', 'invalid_input', 'A user with this email address already belongs to the organization.'));
    expect(ph.api.invitesOf(ORG)).toEqual([]);
    expect(ph.api.emailsSent()).toBe(0);
  });
});

describe('PostHog emulator: replace on re-invite', () => {
  it('deletes every earlier invite for the email (any case) and creates a fresh one, emailing each time', async () => {
    const first = await create({ target_email: 'dan@example.com', level: 1 });
    await create({ target_email: 'Dan@Example.com', level: 8 });
    const third = await create({ target_email: 'dan@example.com', level: 1, first_name: 'Dan' });
    const invites = ph.api.invitesOf(ORG);
    expect(invites).toHaveLength(1);
    expect(invites[0]).toMatchObject({ id: third.json.id, level: 1, first_name: 'Dan' });
    expect(third.json.id).not.toBe(first.json.id);
    expect(ph.api.emailsSent('dan@example.com')).toBe(3);
  });

  it('replaces an expired invite too', async () => {
    await create({ target_email: 'eve@example.com' });
    ph.clock.advance(4 * DAY_MS);
    expect(ph.api.invitesOf(ORG)[0]?.is_expired).toBe(true);
    await create({ target_email: 'eve@example.com' });
    expect(ph.api.invitesOf(ORG).map((invite) => invite.is_expired)).toEqual([false]);
  });

  it('leaves other organizations\' invites for the same email alone', async () => {
    await ph.call('POST', `${ph.orgUrl(LOCKED_ORG)}/invites/`, { body: { target_email: 'x@example.com' } });
    await create({ target_email: 'x@example.com' });
    expect(ph.api.invitesOf(LOCKED_ORG)).toHaveLength(1);
    expect(ph.api.invitesOf(ORG)).toHaveLength(1);
  });

  it('with combine_pending_invites keeps the highest pending level', async () => {
    await create({ target_email: 'c@example.com', level: 8 });
    const combined = await create({ target_email: 'c@example.com', level: 1, combine_pending_invites: true });
    expect(combined.json.level).toBe(8);
    expect(ph.api.invitesOf(ORG)).toHaveLength(1);
  });

  it('with combine_pending_invites ignores an expired invite but still replaces it', async () => {
    await create({ target_email: 'c@example.com', level: 15 });
    ph.clock.advance(3 * DAY_MS + 1);
    const combined = await create({ target_email: 'c@example.com', level: 1, combine_pending_invites: true });
    expect(combined.json.level).toBe(1);
    expect(ph.api.invitesOf(ORG).map((invite) => [invite.level, invite.is_expired])).toEqual([[1, false]]);
  });
});

describe('PostHog emulator: expiry', () => {
  it('flags an invite expired exactly when it is more than 3 days old, and keeps listing it', async () => {
    await create({ target_email: 'old@example.com' });
    ph.clock.advance(3 * DAY_MS - 1);
    expect(ph.api.invitesOf(ORG)[0]?.is_expired).toBe(false);
    ph.clock.advance(2);
    const list = await bodyOf<{ results: WireInvite[] }>(ph.call('GET', '/invites/'));
    expect(list.results).toHaveLength(1);
    expect(list.results[0]).toMatchObject({ target_email: 'old@example.com', is_expired: true });
  });

  it('can seed invites that are already expired', async () => {
    const seeded = await startPostHog({
      organizations: [{ id: ORG, name: 'Acme' }],
      users: [{ email: 'owner@acme.com', memberships: [{ organization: ORG, level: 15 }] }],
      personal_api_keys: [{ value: KEYS.ownerWrite, user: 'owner@acme.com', scopes: ['*'] }],
      invites: [
        { organization: ORG, email: 'Stale@Example.com', level: 8, age_days: 4, created_by: 'owner@acme.com' },
        { organization: ORG, email: 'fresh@example.com', created_at: '2025-03-01T10:00:00Z' },
      ],
    });
    try {
      const list = await bodyOf<{ results: WireInvite[] }>(seeded.call('GET', '/invites/'));
      expect(list.results.map((i) => [i.target_email, i.level, i.is_expired])).toEqual([
        ['fresh@example.com', 1, false],
        ['stale@example.com', 8, true],
      ]);
      expect(list.results[1]?.created_by?.email).toBe('owner@acme.com');
      expect(list.results[0]).toMatchObject({ created_by: null, created_at: '2025-03-01T10:00:00Z' });
    } finally {
      await seeded.server.close();
    }
  });
});

describe('PostHog emulator: delete', () => {
  it('answers 204 with an empty body and removes the invite, expired or not', async () => {
    const { json } = await create({ target_email: 'gone@example.com' });
    ph.clock.advance(5 * DAY_MS);
    const response = await ph.call('DELETE', `/invites/${json.id}/`, { key: KEYS.adminWrite });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
    expect(ph.api.invitesOf(ORG)).toEqual([]);
  });

  it('answers 404 "Not found." for an unknown, malformed, already deleted or other org\'s id', async () => {
    const { json } = await create({ target_email: 'twice@example.com' });
    await ph.call('DELETE', `/invites/${json.id}/`);
    const other = await ph.call('POST', `${ph.orgUrl(OTHER_ORG)}/invites/`, { key: KEYS.outsiderWrite, body: { target_email: 'g@example.com' } });
    const otherId = ((await other.json()) as { id: string }).id;
    for (const id of [json.id, 'not-a-uuid', '0190a4f2-0000-0000-0000-000000000000', otherId]) {
      const response = await ph.call('DELETE', `/invites/${id}/`);
      expect([id, response.status]).toEqual([id, 404]);
      expect(await response.json()).toEqual(envelope('invalid_request', 'not_found', 'Not found.'));
    }
    expect(ph.api.invitesOf(OTHER_ORG)).toHaveLength(1);
  });

  it('refuses members: only admins and owners may delete', async () => {
    const { json } = await create({ target_email: 'keep@example.com' });
    const response = await ph.call('DELETE', `/invites/${json.id}/`, { key: KEYS.memberWrite });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual(envelope('authentication_error', 'permission_denied', 'Your organization access level is insufficient.'));
    expect(ph.api.invitesOf(ORG)).toHaveLength(1);
  });
});

describe('PostHog emulator: levels (§8.2)', () => {
  const HIGHER = envelope('authentication_error', 'permission_denied', 'You cannot invite a user with a higher permission level than your own.');

  it.each([
    ['member', KEYS.memberWrite, 1, 201],
    ['member', KEYS.memberWrite, 8, 403],
    ['admin', KEYS.adminWrite, 8, 201],
    ['admin', KEYS.adminWrite, 15, 403],
    ['owner', KEYS.ownerWrite, 15, 201],
  ])('a %s inviting at level %i gets %i', async (_role, key, level, status) => {
    const result = await create({ target_email: 'lvl@example.com', level }, key);
    expect(result.status).toBe(status);
    if (status === 403) expect(result.json).toEqual(HIGHER);
    expect(ph.api.invitesOf(ORG)).toHaveLength(status === 201 ? 1 : 0);
  });

  it('answers the level 403 even when an earlier field is invalid', async () => {
    const result = await create({ target_email: 'not-an-email', level: 15 }, KEYS.memberWrite);
    expect(result).toEqual({ status: 403, json: HIGHER });
  });

  it('refuses members of an organization that turned member invites off, but not its owner', async () => {
    const member = await ph.call('POST', `${ph.orgUrl(LOCKED_ORG)}/invites/`, { key: KEYS.memberWrite, body: { target_email: 'z@example.com' } });
    expect(member.status).toBe(403);
    expect(await member.json()).toEqual(envelope('authentication_error', 'permission_denied', 'You do not have permission to perform this action.'));
    const owner = await ph.call('POST', `${ph.orgUrl(LOCKED_ORG)}/invites/`, { body: { target_email: 'z@example.com' } });
    expect(owner.status).toBe(201);
  });
});
