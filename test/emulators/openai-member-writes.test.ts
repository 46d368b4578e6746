// OpenAI emulator: modifying and removing organization users (§6.5, §9), with exact refusal bodies, over HTTP.
import { afterEach, describe, expect, it } from 'vitest';
import { type OpenAIHarness, seedWith, startOpenAI } from './openai-harness.ts';

/** Users of every kind the reference names: owners, readers, another role string, no email, SCIM, service account, default. */
const USERS = [
  { id: 'user_owner', email: 'owner@acme.com', name: 'Olivia', role: 'owner', is_default: true },
  { id: 'user_reader', email: 'reader@acme.com', name: 'Rae', role: 'reader' },
  { id: 'user_custom', email: 'custom@acme.com', name: null, role: 'member' },
  { id: 'user_scim', email: 'scim@acme.com', name: 'Sam', role: 'reader', is_scim_managed: true },
  { id: 'user_bot', name: 'ci-deployer', role: 'reader', is_service_account: true },
  { id: 'user_nomail', email: null, name: null, role: null },
];

let h: OpenAIHarness;
afterEach(() => h.close());

const roles = () => Object.fromEntries(h.server.api.users().map((u) => [u.id, u.role]));
const error = (message: string, param: string | null = null) => ({ error: { message, type: 'invalid_request_error', param, code: null } });
const modify = (id: string, body: unknown) => h.call('POST', `/v1/organization/users/${id}`, { body });
const remove = (id: string) => h.call('DELETE', `/v1/organization/users/${id}`);

async function expectRefused(reply: Promise<{ status: number; body: unknown }>, status: number, body: unknown): Promise<void> {
  const before = roles();
  const { status: got, body: answer } = await reply;
  expect({ status: got, body: answer }).toEqual({ status, body });
  expect(roles()).toEqual(before);
}

describe('OpenAI emulator: user writes', () => {
  it('serves seeded users with and without email, with their flags and role strings', async () => {
    h = await startOpenAI(seedWith({ users: USERS }));
    const bot = (await h.call('GET', '/v1/organization/users/user_bot')).body;
    expect(bot).toEqual({ object: 'organization.user', id: 'user_bot', name: 'ci-deployer', role: 'reader', added_at: expect.any(Number), is_default: false, is_service_account: true, is_scim_managed: false });
    expect((await h.call('GET', '/v1/organization/users/user_nomail')).body).toMatchObject({ email: null, role: null });
    expect(roles()).toMatchObject({ user_owner: 'owner', user_custom: 'member' });
  });

  it('modifies a role (owner/reader) and answers 200 with the User; role_id alone changes nothing visible', async () => {
    h = await startOpenAI(seedWith({ users: USERS }));
    const promoted = await modify('user_reader', { role: 'owner' });
    expect(promoted.status).toBe(200);
    expect(promoted.body).toEqual({ object: 'organization.user', id: 'user_reader', name: 'Rae', email: 'reader@acme.com', role: 'owner', added_at: expect.any(Number), is_default: false, is_service_account: false, is_scim_managed: false });
    expect((await modify('user_custom', { role: 'reader' })).body).toMatchObject({ role: 'reader' });
    expect((await modify('user_bot', { role_id: 'role_custom_1' })).body).toMatchObject({ role: 'reader' });
    expect(roles()).toMatchObject({ user_reader: 'owner', user_custom: 'reader', user_bot: 'reader' });
  });

  it('refuses an unknown role with 400 on param role, and an unknown user with 404', async () => {
    h = await startOpenAI(seedWith({ users: USERS }));
    await expectRefused(modify('user_reader', { role: 'member' }), 400, error(`Invalid 'role': expected one of 'owner' or 'reader', but got "member".`, 'role'));
    await expectRefused(modify('user_gone', { role: 'reader' }), 404, error('No such user: user_gone.'));
    await expectRefused(remove('user_gone'), 404, error('No such user: user_gone.'));
  });

  it('refuses demoting or removing the last owner with 400; with two owners one may go', async () => {
    h = await startOpenAI(seedWith({ users: USERS }));
    await expectRefused(modify('user_owner', { role: 'reader' }), 400, error('The organization must keep at least one owner.', 'role'));
    await expectRefused(remove('user_owner'), 400, error('The organization must keep at least one owner.'));
    expect((await modify('user_owner', { role: 'owner' })).status).toBe(200);
    expect((await modify('user_reader', { role: 'owner' })).status).toBe(200);
    expect((await modify('user_owner', { role: 'reader' })).status).toBe(200);
    expect((await remove('user_reader')).status).toBe(400);
    expect(roles()).toMatchObject({ user_owner: 'reader', user_reader: 'owner' });
  });

  it('refuses modifying or removing a SCIM-managed user with 400', async () => {
    h = await startOpenAI(seedWith({ users: USERS }));
    await expectRefused(modify('user_scim', { role: 'owner' }), 400, error('User user_scim is managed through SCIM; change it in your identity provider.'));
    await expectRefused(remove('user_scim'), 400, error('User user_scim is managed through SCIM; remove it in your identity provider.'));
  });

  it('removes ordinary, service-account and email-less users: 200 organization.user.deleted, then 404', async () => {
    h = await startOpenAI(seedWith({ users: USERS }));
    for (const id of ['user_reader', 'user_bot', 'user_nomail']) {
      const reply = await remove(id);
      expect({ status: reply.status, body: reply.body }).toEqual({ status: 200, body: { object: 'organization.user.deleted', id, deleted: true } });
      expect((await h.call('GET', `/v1/organization/users/${id}`)).status).toBe(404);
    }
    expect(Object.keys(roles()).sort()).toEqual(['user_custom', 'user_owner', 'user_scim']);
  });
});
