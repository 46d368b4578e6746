// Member writes through each client (issue #16): ids read, role changes and removals sent as the references say, answers checked, refusals read into meaning.
import { afterEach, describe, expect, it } from 'vitest';
import { defaultOpenAISeed } from '../../src/emulators/openai/index.ts';
import { startSandbox, type Sandbox } from '../../src/emulators/sandbox.ts';
import type { DesiredOrg, ProviderName } from '../../src/model.ts';
import { connect } from '../../src/providers/connect.ts';
import { ProviderError } from '../../src/providers/errors.ts';
import { RateBudgets } from '../../src/rate-budget.ts';
import { hostileServers, sendJson, type SeenRequest } from '../helpers/hostile-server.ts';
import { FAST_RETRY, sandboxOrg } from '../helpers/orgs.ts';
import { desiredOrg } from '../helpers/states.ts';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});
const serve = hostileServers(afterEach);

const KEYS: Record<ProviderName, string> = { posthog: 'POSTHOG_PERSONAL_API_KEY', anthropic: 'ANTHROPIC_ADMIN_API_KEY', openai: 'OPENAI_ADMIN_KEY' };

/** The org's client, at the sandbox or at a hostile server's origin. */
function clientFor(provider: ProviderName, at?: string) {
  const org: DesiredOrg = at
    ? desiredOrg({ name: `${provider}-org`, provider, connection: { baseUrl: at, apiKeyEnv: KEYS[provider], ...(provider === 'posthog' ? { organizationId: ORG } : {}) } })
    : provider === 'openai'
      ? desiredOrg({ name: 'openai-org', provider, connection: { baseUrl: sandbox!.env['INVITECTL_OPENAI_URL']!, apiKeyEnv: KEYS.openai } })
      : sandboxOrg(sandbox!, provider);
  const env = at ? { [KEYS[provider]]: 'phx_test_key_0123456789' } : sandbox!.env;
  return connect([org], { env, readOnly: false, budgets: new RateBudgets(), retry: FAST_RETRY, timeoutMs: 2000 })[0]!.provider;
}

const ORG = '0190a4f2-7c11-7000-8000-2f4c1d0a5e33';
const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as ProviderError);

describe.each(['anthropic', 'openai'] as const)('%s client: member writes against the emulator', (provider) => {
  const users = () => sandbox![provider].api.users().map((user) => `${user.email} ${user.role}`).sort();
  const setup = async () => {
    sandbox = await startSandbox(provider === 'openai' ? { seed: { openai: { ...defaultOpenAISeed(), users: [
      { email: 'olga@acme.com', role: 'owner' },
      { email: 'kim@acme.com', role: 'reader' },
      { email: 'sam@acme.com', role: 'reader' },
    ] } } } : {});
    const api = clientFor(provider);
    const members = (await api.read()).members;
    return { api, idOf: (email: string) => members.find((member) => member.email === email)!.id! };
  };
  const [target, other, refusedTarget, newRole] =
    provider === 'anthropic' ? ['grace@acme.com', 'linus@acme.com', 'ada@acme.com', 'billing'] : ['kim@acme.com', 'sam@acme.com', 'olga@acme.com', 'owner'];

  it('reads each member with its id, changes a role and removes a member; a second removal is already done', async () => {
    const { api, idOf } = await setup();
    const changed = await api.updateMember(idOf(target), newRole);
    expect(changed.value).toMatchObject({ email: target, access: newRole, id: idOf(target) });
    expect((await api.removeMember(idOf(other))).value).toBe('deleted');
    expect((await api.removeMember(idOf(other))).value).toBe('already-gone');
    expect(users()).toContain(`${target} ${newRole}`);
    expect(users().some((line) => line.startsWith(other))).toBe(false);
    const writes = sandbox![provider].log.filter((entry) => entry.method !== 'GET');
    expect(writes.map((entry) => [entry.method, entry.path])).toEqual([
      ['POST', `/v1/${provider === 'anthropic' ? 'organizations' : 'organization'}/users/${idOf(target)}`],
      ['DELETE', `/v1/${provider === 'anthropic' ? 'organizations' : 'organization'}/users/${idOf(other)}`],
      ['DELETE', `/v1/${provider === 'anthropic' ? 'organizations' : 'organization'}/users/${idOf(other)}`],
    ]);
    expect(writes[0]!.body).toEqual({ role: newRole });
  });

  it('reads a refusal into "refused" with the API\'s own message, and leaves the member', async () => {
    const { api, idOf } = await setup();
    const before = users();
    // Anthropic refuses an admin; the OpenAI emulator refuses removing the last owner.
    const error = await failure(api.removeMember(idOf(refusedTarget)));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ status: 400, meaning: 'refused', operation: 'remove-member', uncertain: false });
    expect(error!.apiMessage).toMatch(provider === 'anthropic' ? /Admins cannot be removed/ : /at least one owner/);
    expect(users()).toEqual(before);
  });
});

describe('openai client: what keeps a user out of reach', () => {
  it('reads is_scim_managed, is_service_account and is_default into managedBy; a user without email is never a member', async () => {
    sandbox = await startSandbox({ seed: { openai: { ...defaultOpenAISeed(), users: [
      { email: 'olga@acme.com', role: 'owner' },
      { email: 'scim@acme.com', role: 'reader', is_scim_managed: true },
      { email: 'bot@acme.com', role: 'reader', is_service_account: true },
      { email: 'default@acme.com', role: 'reader', is_default: true },
      { email: null, role: 'reader', is_service_account: true },
    ] } } });
    const members = (await clientFor('openai').read()).members.map(({ email, managedBy }) => `${email} ${managedBy ?? '-'}`).sort();
    expect(members).toEqual(['bot@acme.com service-account', 'default@acme.com default-user', 'olga@acme.com -', 'scim@acme.com scim']);
  });
});

describe('anthropic client: concurrent membership changes', () => {
  it('sends a removal refused with 409 concurrent_membership_change again, and it goes through', async () => {
    sandbox = await startSandbox();
    const api = clientFor('anthropic');
    const id = (await api.read()).members.find((member) => member.email === 'linus@acme.com')!.id!;
    sandbox.anthropic.api.failNextWithConflict('DELETE', 1);
    expect((await api.removeMember(id)).value).toBe('deleted');
    expect(sandbox.anthropic.log.filter((entry) => entry.method === 'DELETE')).toHaveLength(2);
    expect(sandbox.anthropic.api.users().some((user) => user.email === 'linus@acme.com')).toBe(false);
  });
});

/** A PostHog org whose members the test holds: PATCH and DELETE by user uuid, with §11's rules. */
function postHogMembers(members: Array<{ uuid: string; email: string; level: 1 | 8 | 15 }>, answer: { patchLevel?: number; refuse?: string } = {}) {
  const wire = (member: (typeof members)[number], level = member.level) => ({ id: `membership-${member.uuid}`, level, user: { uuid: member.uuid, email: member.email } });
  return (request: SeenRequest, response: Parameters<typeof sendJson>[0]) => {
    const path = request.url.split('?')[0]!;
    if (request.method === 'GET' && path.endsWith('/invites/')) return sendJson(response, 200, { count: 0, next: null, previous: null, results: [] });
    if (request.method === 'GET' && path.endsWith('/members/')) return sendJson(response, 200, { count: members.length, next: null, previous: null, results: members.map((member) => wire(member)) });
    const uuid = /\/members\/([^/]+)\/$/.exec(path)?.[1];
    const member = members.find((candidate) => candidate.uuid === uuid);
    if (!member) return sendJson(response, 404, { type: 'invalid_request', code: 'not_found', detail: 'Not found.', attr: null });
    if (answer.refuse) return sendJson(response, 403, { type: 'authentication_error', code: 'permission_denied', detail: answer.refuse, attr: null });
    if (request.method === 'PATCH') {
      member.level = (JSON.parse(request.body) as { level: 1 | 8 | 15 }).level;
      return sendJson(response, 200, wire(member, (answer.patchLevel ?? member.level) as 1 | 8 | 15));
    }
    if (member.level === 15) return sendJson(response, 400, { type: 'validation_error', code: 'invalid_input', detail: 'Cannot leave the organization as its owner!', attr: null });
    members.splice(members.indexOf(member), 1);
    response.writeHead(204).end();
  };
}

describe('posthog client: member writes (hostile server with §11 rules)', () => {
  const uuid = (n: number) => `0190a4f2-0000-7000-8000-00000000000${n}`;

  it('reads the user uuid (not the membership id) as the member id, and PATCHes the level by it', async () => {
    const members = [{ uuid: uuid(1), email: 'Ann@acme.com', level: 1 as const }];
    const server = await serve(postHogMembers(members));
    const api = clientFor('posthog', server.url);
    expect((await api.read()).members).toEqual([{ email: 'ann@acme.com', access: 'member', id: uuid(1) }]);
    expect((await api.updateMember(uuid(1), 'admin')).value).toEqual({ email: 'ann@acme.com', access: 'admin', id: uuid(1) });
    const patch = server.seen.find((request) => request.method === 'PATCH')!;
    expect(patch.url).toBe(`/api/organizations/${ORG}/members/${uuid(1)}/`);
    expect(JSON.parse(patch.body)).toEqual({ level: 8 });
    expect(members[0]!.level).toBe(8);
  });

  it('calls an answer that is not the member at the asked level uncertain', async () => {
    const server = await serve(postHogMembers([{ uuid: uuid(1), email: 'ann@acme.com', level: 1 }], { patchLevel: 1 }));
    const error = await failure(clientFor('posthog', server.url).updateMember(uuid(1), 'admin'));
    expect(error).toMatchObject({ uncertain: true, meaning: 'unknown' });
    expect(error!.message).toMatch(/does not match the request/);
  });

  it('removes a member (204), calls a 404 already gone, and removes an owner by demoting to member first', async () => {
    const members = [
      { uuid: uuid(1), email: 'ann@acme.com', level: 1 as const },
      { uuid: uuid(2), email: 'olga@acme.com', level: 15 as const },
    ];
    const server = await serve(postHogMembers(members));
    const api = clientFor('posthog', server.url);
    expect((await api.removeMember(uuid(1))).value).toBe('deleted');
    expect((await api.removeMember(uuid(1))).value).toBe('already-gone');
    expect((await api.removeMember(uuid(2))).value).toBe('deleted');
    expect(members).toEqual([]);
    const owner = server.seen.filter((request) => request.url.includes(uuid(2)));
    expect(owner.map((request) => `${request.method} ${request.body}`)).toEqual(['DELETE ', 'PATCH {"level":1}', 'DELETE ']);
  });

  it('says so when an owner was demoted to member and the removal then failed', async () => {
    const server = await serve((request, response) => {
      if (request.method === 'PATCH') return sendJson(response, 200, { id: 'm-1', level: 1, user: { uuid: uuid(1), email: 'olga@acme.com' } });
      const owner = request.method === 'DELETE' && server.seen.filter((seen) => seen.method === 'DELETE').length === 1;
      if (owner) return sendJson(response, 400, { type: 'validation_error', code: 'invalid_input', detail: 'Cannot leave the organization as its owner!', attr: null });
      return sendJson(response, 403, { type: 'authentication_error', code: 'permission_denied', detail: 'You do not have permission to perform this action.', attr: null });
    });
    const error = await failure(clientFor('posthog', server.url).removeMember(uuid(1)));
    expect(error).toMatchObject({ status: 403, meaning: 'refused', apiMessage: 'demoted from owner to member, then the removal failed: You do not have permission to perform this action.' });
    expect(server.seen.map((request) => request.method)).toEqual(['DELETE', 'PATCH', 'DELETE']);
  });

  it('reads a 403 into "refused" with the API\'s detail, leaving the member', async () => {
    const members = [{ uuid: uuid(1), email: 'ann@acme.com', level: 8 as const }];
    const server = await serve(postHogMembers(members, { refuse: 'You can only edit others with level lower or equal to you.' }));
    const error = await failure(clientFor('posthog', server.url).removeMember(uuid(1)));
    expect(error).toMatchObject({ status: 403, meaning: 'refused', code: 'permission_denied', apiMessage: 'You can only edit others with level lower or equal to you.' });
    expect(members).toHaveLength(1);
  });
});

describe('posthog client: member writes against the emulator', () => {
  it('changes a level by user uuid, removes a member, and removes an owner (demoted first) while another owner stays', async () => {
    sandbox = await startSandbox();
    const { organizationId } = sandbox.posthog.api.primary();
    sandbox.posthog.api.addMember(organizationId, { email: 'otto@acme.com', level: 15 });
    const api = clientFor('posthog');
    const idOf = async (email: string) => (await api.read()).members.find((member) => member.email === email)!.id!;
    const levels = () => sandbox!.posthog.api.membersOf(organizationId).map((member) => `${member.user.email} ${member.level}`).sort();
    expect((await api.updateMember(await idOf('mia@acme.com'), 'admin')).value).toMatchObject({ email: 'mia@acme.com', access: 'admin' });
    expect((await api.removeMember(await idOf('adam@acme.com'))).value).toBe('deleted');
    expect((await api.removeMember(await idOf('otto@acme.com'))).value).toBe('deleted');
    expect(levels()).toEqual(['mia@acme.com 8', 'olivia@acme.com 15']);
    // The key's own user (Olivia) cannot change their own level: a refusal with PostHog's words.
    const error = await failure(api.updateMember(await idOf('olivia@acme.com'), 'member'));
    expect(error).toMatchObject({ status: 403, meaning: 'refused', apiMessage: "You can't change your own access level." });
  });
});
