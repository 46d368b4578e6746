// PostHog emulator: member level changes and removals over HTTP, with §11's permission rules and exact bodies.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PostHogSeed } from '../../src/emulators/posthog/index.ts';
import { envelope, KEYS, ORG, OTHER_ORG, startPostHog, testSeed, type PostHogHarness } from '../fixtures/posthog/harness.ts';

/** Fixed user uuids, so requests can name members directly. */
const UUID = {
  owner: '0190a4f2-0000-7000-8000-000000000001',
  admin: '0190a4f2-0000-7000-8000-000000000002',
  member: '0190a4f2-0000-7000-8000-000000000003',
  owner2: '0190a4f2-0000-7000-8000-000000000004',
  inactive: '0190a4f2-0000-7000-8000-000000000005',
  guest: '0190a4f2-0000-7000-8000-000000000006',
  outsider: '0190a4f2-0000-7000-8000-000000000007',
  nobody: '0190a4f2-0000-7000-8000-0000000000ff',
} as const;
const OWNER2_KEY = 'phx_testSecondOwnerWrite0000000000000000000000000';

/** The harness seed with fixed uuids, a second owner (with a key), a deactivated member and a guest. */
function seed(): PostHogSeed {
  const base = testSeed();
  const uuidOf: Record<string, string> = { 'owner@acme.com': UUID.owner, 'admin@acme.com': UUID.admin, 'member@acme.com': UUID.member, 'other@globex.com': UUID.outsider };
  return {
    ...base,
    users: [
      ...(base.users ?? []).map((user) => ({ ...user, uuid: uuidOf[user.email] })),
      { email: 'owner2@acme.com', uuid: UUID.owner2, memberships: [{ organization: ORG, level: 15 }] },
      { email: 'gone@acme.com', uuid: UUID.inactive, is_active: false, memberships: [{ organization: ORG, level: 1 }] },
      { email: 'guest@acme.com', uuid: UUID.guest, memberships: [{ organization: ORG, level: 1, guest: true }] },
    ],
    personal_api_keys: [...(base.personal_api_keys ?? []), { value: OWNER2_KEY, user: 'owner2@acme.com', scopes: ['organization_member:write'] }],
  };
}

let ph: PostHogHarness;
beforeEach(async () => {
  ph = await startPostHog(seed());
});
afterEach(async () => {
  await ph.server.close();
});

const denied = (detail: string) => envelope('authentication_error', 'permission_denied', detail);
const levels = () => Object.fromEntries(ph.api.membersOf(ORG).map((m) => [m.user.email, m.level]));
const START_LEVELS = { 'owner@acme.com': 15, 'owner2@acme.com': 15, 'admin@acme.com': 8, 'member@acme.com': 1 };

async function expectRefused(response: Response, status: number, body: unknown): Promise<void> {
  expect({ status: response.status, body: await response.json() }).toEqual({ status, body });
  expect(levels()).toEqual(START_LEVELS);
}

describe('PostHog emulator: change a member level (§11.3)', () => {
  it('looks members up by the user uuid that list items carry, not the membership id', async () => {
    const page = (await (await ph.call('GET', '/members/', { key: KEYS.ownerRead })).json()) as { results: { id: string; user: { uuid: string; email: string } }[] };
    const member = page.results.find((m) => m.user.email === 'member@acme.com');
    expect(member?.user.uuid).toBe(UUID.member);
    expect((await ph.call('PATCH', `/members/${member?.id}/`, { body: { level: 8 } })).status).toBe(404);
    expect((await ph.call('PATCH', `/members/${member?.user.uuid}/`, { body: { level: 8 } })).status).toBe(200);
  });

  it('PATCH answers 200 with the member object and stores the level; PUT and a missing slash do the same', async () => {
    const response = await ph.call('PATCH', `/members/${UUID.member}/`, { body: { level: 8, joined_at: 'ignored' } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ level: 8, user: { uuid: UUID.member, email: 'member@acme.com' }, is_2fa_enabled: false, has_social_auth: false });
    expect(Object.keys(body)).toEqual(['id', 'user', 'level', 'joined_at', 'updated_at', 'is_2fa_enabled', 'has_social_auth', 'last_login']);
    expect(levels()['member@acme.com']).toBe(8);
    expect((await ph.call('PUT', `/members/${UUID.member}`, { body: { level: '1' } })).status).toBe(200);
    expect(levels()['member@acme.com']).toBe(1);
    expect((await ph.call('PATCH', `/members/${UUID.member.toUpperCase().replaceAll('-', '')}`, { body: {} })).status).toBe(200);
    expect(levels()).toEqual(START_LEVELS);
  });

  it('an owner may make another member owner: two owners, and the caller stays owner', async () => {
    expect((await ph.call('PATCH', `/members/${UUID.admin}/`, { body: { level: 15 } })).status).toBe(200);
    expect(levels()).toEqual({ ...START_LEVELS, 'admin@acme.com': 15 });
  });

  it('an owner may demote another owner; an admin may move members between 1 and 8', async () => {
    expect((await ph.call('PATCH', `/members/${UUID.owner2}/`, { body: { level: 1 } })).status).toBe(200);
    expect((await ph.call('PATCH', `/members/${UUID.member}/`, { key: KEYS.adminWrite, body: { level: 8 } })).status).toBe(200);
    expect(levels()).toEqual({ ...START_LEVELS, 'owner2@acme.com': 1, 'member@acme.com': 8 });
  });

  it("refuses the caller's own level, by uuid or @me, whoever they are", async () => {
    const own = denied("You can't change your own access level.");
    await expectRefused(await ph.call('PATCH', `/members/${UUID.owner}/`, { body: { level: 8 } }), 403, own);
    await expectRefused(await ph.call('PATCH', '/members/@me/', { body: { level: 15 } }), 403, own);
    await expectRefused(await ph.call('PUT', '/members/%40me', { key: KEYS.adminWrite, body: { level: 1 } }), 403, own);
  });

  it('refuses a member editing others, an admin editing an owner, and an admin making an owner', async () => {
    await expectRefused(await ph.call('PATCH', `/members/${UUID.admin}/`, { key: KEYS.memberWrite, body: { level: 1 } }), 403, denied('You can only edit others if you are an admin.'));
    await expectRefused(await ph.call('PATCH', `/members/${UUID.owner}/`, { key: KEYS.adminWrite, body: { level: 8 } }), 403, denied('You can only edit others with level lower or equal to you.'));
    await expectRefused(
      await ph.call('PATCH', `/members/${UUID.member}/`, { key: KEYS.adminWrite, body: { level: 15 } }),
      403,
      denied("You can only make another member owner if you're this organization's owner."),
    );
  });

  it('refuses a level outside 1/8/15 with DRF invalid_choice on `level`', async () => {
    await expectRefused(await ph.call('PATCH', `/members/${UUID.member}/`, { body: { level: 3 } }), 400, envelope('validation_error', 'invalid_choice', '"3" is not a valid choice.', 'level'));
    await expectRefused(await ph.call('PATCH', `/members/${UUID.member}/`, { body: { level: null } }), 400, envelope('validation_error', 'null', 'This field may not be null.', 'level'));
  });

  it('needs organization_member:write and credentials', async () => {
    await expectRefused(await ph.call('PATCH', `/members/${UUID.member}/`, { key: KEYS.ownerRead, body: { level: 8 } }), 403, denied("API key missing required scope 'organization_member:write'"));
    const anonymous = await ph.call('PATCH', `/members/${UUID.member}/`, { key: null, body: { level: 8 } });
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer resource_metadata=/);
    await expectRefused(anonymous, 401, envelope('authentication_error', 'not_authenticated', 'Authentication credentials were not provided.'));
  });
});

describe('PostHog emulator: members the lookup cannot reach (§11.1)', () => {
  const notFound = envelope('invalid_request', 'not_found', 'Not found.');

  it('an unknown uuid, another org’s user, a deactivated user and a guest are 404 "Not found." for PATCH and DELETE', async () => {
    for (const uuid of [UUID.nobody, UUID.outsider, UUID.inactive, UUID.guest]) {
      await expectRefused(await ph.call('PATCH', `/members/${uuid}/`, { body: { level: 8 } }), 404, notFound);
      await expectRefused(await ph.call('DELETE', `/members/${uuid}/`), 404, notFound);
    }
    expect(ph.api.membersOf(ORG)).toHaveLength(4);
  });

  it('a malformed uuid is a 500 server error (Django UUID validation escapes get_object_or_404)', async () => {
    await expectRefused(await ph.call('DELETE', '/members/not-a-uuid/'), 500, envelope('server_error', 'error', 'A server error occurred.'));
  });

  it('a GET on one member is not routed (no retrieve action)', async () => {
    const response = await ph.call('GET', `/members/${UUID.member}/`);
    expect({ status: response.status, body: await response.json() }).toEqual({ status: 403, body: denied('This action does not support personal API key access') });
  });

  it('a caller outside the org gets the generic 403 before any lookup', async () => {
    await expectRefused(await ph.call('DELETE', `/members/${UUID.member}/`, { key: KEYS.outsiderWrite }), 403, denied('You do not have permission to perform this action.'));
    expect(ph.api.membersOf(OTHER_ORG)).toHaveLength(1);
  });
});

describe('PostHog emulator: remove a member (§11.4)', () => {
  it('an admin removes a member: 204 with no body, the member is gone and may be invited again', async () => {
    const response = await ph.call('DELETE', `/members/${UUID.member}`, { key: KEYS.adminWrite });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
    expect(levels()).toEqual({ 'owner@acme.com': 15, 'owner2@acme.com': 15, 'admin@acme.com': 8 });
    expect((await ph.call('POST', '/invites/', { body: { target_email: 'member@acme.com' } })).status).toBe(201);
  });

  it('a member may leave (@me) but not remove others', async () => {
    await expectRefused(await ph.call('DELETE', `/members/${UUID.admin}/`, { key: KEYS.memberWrite }), 403, denied('You can only edit others if you are an admin.'));
    expect((await ph.call('DELETE', '/members/@me/', { key: KEYS.memberWrite })).status).toBe(204);
    expect(levels()['member@acme.com']).toBeUndefined();
  });

  it('an admin cannot remove an owner (403); nobody can delete an owner membership (400), not even the owner', async () => {
    await expectRefused(await ph.call('DELETE', `/members/${UUID.owner}/`, { key: KEYS.adminWrite }), 403, denied('You can only edit others with level lower or equal to you.'));
    const leave = envelope('validation_error', 'invalid_input', 'Cannot leave the organization as its owner!');
    await expectRefused(await ph.call('DELETE', `/members/${UUID.owner2}/`), 400, leave);
    await expectRefused(await ph.call('DELETE', '/members/@me/'), 400, leave);
  });

  it('removes an owner in two steps: another owner demotes them, then deletes them', async () => {
    expect((await ph.call('PATCH', `/members/${UUID.owner2}/`, { body: { level: 1 } })).status).toBe(200);
    expect((await ph.call('DELETE', `/members/${UUID.owner2}/`)).status).toBe(204);
    expect(levels()).toEqual({ 'owner@acme.com': 15, 'admin@acme.com': 8, 'member@acme.com': 1 });
    const removed = await ph.call('GET', '/members/', { key: OWNER2_KEY });
    expect(removed.status).toBe(403);
  });
});
