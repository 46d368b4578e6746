// Anthropic emulator: member role changes and removals per edition (§13), with exact refusal bodies, over HTTP.
import { afterEach, describe, expect, it } from 'vitest';
import { anthropicSeedSchema, defaultAnthropicSeed, type AnthropicSeed } from '../../src/emulators/anthropic/index.ts';
import type { ListPage, UserWire } from '../../src/emulators/anthropic/wire.ts';
import { startAnthropic, type AnthropicHarness } from '../fixtures/anthropic/harness.ts';

const MEMBERS_ONLY = 'sk-ant-admin01-scoped-members-only-key';

function seed(edition: 'console' | 'enterprise', users: AnthropicSeed['users'], extra: Partial<AnthropicSeed> = {}): AnthropicSeed {
  const base = defaultAnthropicSeed();
  return { organization: { ...base.organization, edition }, api_keys: [...base.api_keys, { key: MEMBERS_ONLY, scopes: ['read:members', 'write:members'] }], users, invites: [], ...extra };
}

/** The body every refusal carries: the request id is fresh per response, so it is matched by shape. */
function refusal(type: string, message: string, errorCode?: string) {
  return { type: 'error', error: { type, message, ...(errorCode && { details: { error_code: errorCode } }) }, request_id: expect.stringMatching(/^req_/) };
}

let h: AnthropicHarness;
afterEach(() => h.close());

const roles = () => Object.fromEntries(h.server.api.users().map((u) => [u.id, u.role]));
const update = (id: string, role: string, key?: string) => h.call<UserWire>('POST', `/v1/organizations/users/${id}`, { body: { role }, ...(key ? { key } : {}) });
const remove = (id: string) => h.call('DELETE', `/v1/organizations/users/${id}`);

async function expectRefused(reply: Promise<{ status: number; body: unknown }>, status: number, body: unknown): Promise<void> {
  const before = roles();
  const { status: got, body: answer } = await reply;
  expect({ status: got, body: answer }).toEqual({ status, body });
  expect(roles()).toEqual(before);
}

describe('Anthropic emulator: Console member writes (§13)', () => {
  const users: AnthropicSeed['users'] = [
    { id: 'user_admin', email: 'ada@acme.com', role: 'admin' },
    { id: 'user_dev', email: 'dev@acme.com', role: 'developer' },
    { id: 'user_bill', email: 'bill@acme.com', role: 'billing' },
  ];

  it('changes a role to each Console role: 200 with the updated User; same role is 200 too', async () => {
    h = await startAnthropic(seed('console', users));
    for (const role of ['user', 'billing', 'claude_code_user', 'developer', 'developer']) {
      const reply = await update('user_dev', role);
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({ id: 'user_dev', type: 'user', email: 'dev@acme.com', name: 'Dev', role, added_at: expect.any(String) });
      expect(roles().user_dev).toBe(role);
    }
  });

  it('refuses assigning admin or an Enterprise role (schema 400, no error_code)', async () => {
    h = await startAnthropic(seed('console', users));
    const schema = refusal('invalid_request_error', "role: Input should be 'user', 'developer', 'billing' or 'claude_code_user'");
    await expectRefused(update('user_dev', 'admin'), 400, schema);
    await expectRefused(update('user_dev', 'managed'), 400, schema);
  });

  it('refuses changing or removing an admin with 400 (status and message are the emulator’s choice)', async () => {
    h = await startAnthropic(seed('console', users));
    await expectRefused(update('user_admin', 'user'), 400, refusal('invalid_request_error', 'Admins cannot be changed via the API; manage them in the Console.'));
    await expectRefused(remove('user_admin'), 400, refusal('invalid_request_error', 'Admins cannot be removed via the API; manage them in the Console.'));
  });

  it('removes an ordinary member: 200 user_deleted, gone from the list and from GET', async () => {
    h = await startAnthropic(seed('console', users));
    expect((await remove('user_bill')).body).toEqual({ id: 'user_bill', type: 'user_deleted' });
    expect(Object.keys(roles()).sort()).toEqual(['user_admin', 'user_dev']);
    expect((await h.call('GET', '/v1/organizations/users/user_bill')).status).toBe(404);
    await expectRefused(remove('user_bill'), 404, refusal('not_found_error', 'The requested resource could not be found.'));
  });

  it("refuses removing the organization's only member with 400 cannot_remove_last_member", async () => {
    h = await startAnthropic(seed('console', [{ id: 'user_solo', email: 'solo@acme.com', role: 'developer' }]));
    await expectRefused(remove('user_solo'), 400, refusal('invalid_request_error', "The organization's only member cannot be removed.", 'cannot_remove_last_member'));
  });

  it('a seeded concurrent change refuses the first N removals with 409, changing nothing; then the removal succeeds', async () => {
    h = await startAnthropic(seed('console', users, { concurrent_membership_changes: 2 }));
    const conflict = refusal('conflict_error', "Another change to the organization's members is in progress. Retry the request once it completes.", 'concurrent_membership_change');
    // A role change is not affected: the SDK declares the 409 on users.remove only.
    expect((await update('user_dev', 'user')).status).toBe(200);
    await expectRefused(remove('user_dev'), 409, conflict);
    await expectRefused(remove('user_dev'), 409, conflict);
    expect((await remove('user_dev')).status).toBe(200);
    expect(roles().user_dev).toBeUndefined();
  });
});

describe('Anthropic emulator: Enterprise member writes (§13, §14.1)', () => {
  const users: AnthropicSeed['users'] = [
    { id: 'user_po', email: 'pat@acme.com', role: 'primary_owner' },
    { id: 'user_o', email: 'olga@acme.com', role: 'owner' },
    { id: 'user_ma', email: 'mona@acme.com', role: 'membership_admin' },
    { id: 'user_u', email: 'uma@acme.com', role: 'user' },
    { id: 'user_m', email: 'max@acme.com', role: 'managed' },
    { id: 'user_scim', email: 'sam@acme.com', role: 'user', scim_managed: true },
  ];

  it('assigns user and managed (managed needs write:rbac_groups: 403 without it)', async () => {
    h = await startAnthropic(seed('enterprise', users));
    expect((await update('user_u', 'managed')).body.role).toBe('managed');
    expect((await update('user_m', 'user')).body.role).toBe('user');
    await expectRefused(update('user_m', 'managed', MEMBERS_ONLY), 403, refusal('permission_error', 'This API key is missing the required scope: write:rbac_groups.', 'api_key_scope_missing'));
  });

  it('refuses Console and admin-type roles as a new role (schema 400)', async () => {
    h = await startAnthropic(seed('enterprise', users));
    for (const role of ['developer', 'admin', 'owner', 'membership_admin']) {
      await expectRefused(update('user_u', role), 400, refusal('invalid_request_error', "role: Input should be 'user' or 'managed'"));
    }
  });

  it('refuses changing or removing admin-type members with 400', async () => {
    h = await startAnthropic(seed('enterprise', users));
    for (const [id, role] of [['user_po', 'primary_owner'], ['user_o', 'owner'], ['user_ma', 'membership_admin']] as const) {
      await expectRefused(update(id, 'user'), 400, refusal('invalid_request_error', `Members with the ${role} role cannot be changed via the API.`));
      await expectRefused(remove(id), 400, refusal('invalid_request_error', `Members with the ${role} role cannot be removed via the API.`));
    }
  });

  it('refuses changing or removing a SCIM-managed member with 400, although the User object does not show it', async () => {
    h = await startAnthropic(seed('enterprise', users));
    const listed = (await h.call<ListPage<UserWire>>('GET', '/v1/organizations/users?limit=10')).body.data.find((u) => u.id === 'user_scim');
    expect(listed).toEqual({ id: 'user_scim', type: 'user', email: 'sam@acme.com', name: 'Sam', role: 'user', added_at: expect.any(String) });
    const idp = (action: string) => refusal('invalid_request_error', `This member is managed by your identity provider (SCIM) and cannot be ${action} via the API.`);
    await expectRefused(update('user_scim', 'managed'), 400, idp('changed'));
    await expectRefused(remove('user_scim'), 400, idp('removed'));
    h.server.api.addUser({ email: 'hook@acme.com', role: 'user', scim_managed: true });
    const hooked = h.server.api.users().find((u) => u.email === 'hook@acme.com')!;
    await expectRefused(remove(hooked.id), 400, idp('removed'));
  });

  it('removes an ordinary Enterprise member', async () => {
    h = await startAnthropic(seed('enterprise', users));
    expect((await remove('user_m')).body).toEqual({ id: 'user_m', type: 'user_deleted' });
    expect(roles().user_m).toBeUndefined();
  });

  it('a seed marks SCIM-managed members only in an Enterprise org, and counts concurrent changes from 0', () => {
    const console = anthropicSeedSchema.safeParse(seed('console', [{ email: 's@acme.com', role: 'user', scim_managed: true }]));
    expect(console.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['users.0.scim_managed', 'only a Claude Enterprise organization has SCIM-managed members']]);
    expect(anthropicSeedSchema.safeParse(seed('console', [], { concurrent_membership_changes: -1 })).success).toBe(false);
  });
});
