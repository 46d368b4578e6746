// The OpenAI client over real sockets: every page, strict decoding, service accounts, writes checked against their answers.
import { afterEach, describe, expect, it } from 'vitest';
import type { HostileServer } from '../helpers/hostile-server.ts';
import { sendJson } from '../helpers/hostile-server.ts';
import { ProviderError } from '../../src/providers/errors.ts';
import { planChanges } from '../../src/plan.ts';
import { redact } from '../../src/redact.ts';
import { desiredOrg, want } from '../helpers/states.ts';
import { FAR, OPENAI_KEY, T0, oaInvite, oaUser, openAiAt, startFakeOpenAi, type FakeOpenAi } from './openai-fake.ts';

let server: HostileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(state: Partial<FakeOpenAi> = {}) {
  const full: FakeOpenAi = { invites: [], users: [], ...state };
  server = await startFakeOpenAi(full);
  return { state: full, provider: openAiAt(server) };
}

const gets = () => server!.seen.filter((request) => request.method === 'GET').map((request) => new URL(request.url, 'http://x'));

describe('openai: read', () => {
  it('reads every page (limit 100, after = last_id) of invites and users as one snapshot', async () => {
    const invites = Array.from({ length: 250 }, (_, i) => oaInvite(`invite-${i}`, `p${i}@acme.com`));
    const users = Array.from({ length: 130 }, (_, i) => oaUser(`user_${i}`, `u${i}@acme.com`));
    const { provider } = await start({ invites, users });
    const current = await provider.read();
    expect(current.invites).toHaveLength(250);
    expect(current.members).toHaveLength(130);
    const inviteCalls = gets().filter((url) => url.pathname === '/v1/organization/invites');
    expect(inviteCalls.map((url) => [url.searchParams.get('limit'), url.searchParams.get('after')])).toEqual([
      ['100', null],
      ['100', 'invite-99'],
      ['100', 'invite-199'],
    ]);
  });

  it('turns Unix seconds into RFC 3339, reads invited_at (2024 shape), null expiry and project grants', async () => {
    const { provider } = await start({
      invites: [
        oaInvite('invite-a', 'Ann@Acme.com', 'owner', { projects: [{ id: 'proj_b', role: 'owner' }] }),
        { ...oaInvite('invite-b', 'bo@acme.com', 'reader', { expires_at: null }), created_at: undefined, invited_at: T0 + 60 },
        oaInvite('invite-c', 'cy@acme.com', 'reader', { status: 'expired', expires_at: T0 }),
      ],
    });
    const { invites } = await provider.read();
    expect(invites).toEqual([
      { id: 'invite-a', email: 'ann@acme.com', access: 'owner', status: 'pending', createdAt: '2026-06-01T00:00:00.000Z', expiresAt: new Date(FAR * 1000).toISOString(), projects: [{ id: 'proj_b', level: 'owner' }] },
      { id: 'invite-b', email: 'bo@acme.com', access: 'reader', status: 'pending', createdAt: '2026-06-01T00:01:00.000Z' },
      { id: 'invite-c', email: 'cy@acme.com', access: 'reader', status: 'expired', createdAt: '2026-06-01T00:00:00.000Z', expiresAt: '2026-06-01T00:00:00.000Z' },
    ]);
  });

  it('reads users without an email (service accounts) and never matches them; a nested user.email counts', async () => {
    const { provider } = await start({
      users: [
        oaUser('user_a', 'ann@acme.com', 'owner'),
        oaUser('user_svc', null, 'reader', { is_service_account: true }),
        { ...oaUser('user_n', null), email: undefined, user: { object: 'user', id: 'u', email: 'Nested@Acme.com' } },
        oaUser('user_custom', 'cu@acme.com', null as unknown as string),
      ],
    });
    const { members } = await provider.read();
    expect(members).toEqual([
      { email: 'ann@acme.com', access: 'owner', id: 'user_a' },
      { email: 'nested@acme.com', access: 'reader', id: 'user_n' },
      { email: 'cu@acme.com', access: 'none', id: 'user_custom' },
    ]);
  });

  it.each([
    ['an unknown status', [oaInvite('invite-a', 'a@acme.com', 'reader', { status: 'deleted' })], /data\[0\]\.status/],
    ['a timestamp as a string', [{ ...oaInvite('invite-a', 'a@acme.com'), created_at: '2026-06-01' as unknown as number }], /data\[0\]\.created_at/],
    ['no creation time at all', [{ ...oaInvite('invite-a', 'a@acme.com'), created_at: undefined }], /created_at: missing/],
  ])('refuses the whole read on %s, naming the field', async (_name, invites, where) => {
    const { provider } = await start({ invites: invites as FakeOpenAi['invites'] });
    const error = await provider.read().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as Error).message).toMatch(where);
    expect((error as Error).message).toMatch(/refusing to guess/);
  });

  it('stops on a cursor that loops and on has_more without a last_id', async () => {
    const loop = await start({
      override: (request, response) => {
        if (!request.url.startsWith('/v1/organization/invites')) return false;
        sendJson(response, 200, { object: 'list', data: [oaInvite('invite-a', 'a@acme.com')], first_id: 'invite-a', last_id: 'invite-a', has_more: true });
        return true;
      },
    });
    expect(((await loop.provider.read().catch((e: unknown) => e)) as Error).message).toMatch(/the cursor loops/);
    await server!.close();
    const noCursor = await start({
      override: (request, response) => {
        if (!request.url.startsWith('/v1/organization/invites')) return false;
        sendJson(response, 200, { object: 'list', data: [oaInvite('invite-a', 'a@acme.com')], has_more: true });
        return true;
      },
    });
    expect(((await noCursor.provider.read().catch((e: unknown) => e)) as Error).message).toMatch(/no cursor/);
  });
});

describe('openai: writes', () => {
  it('creates one invite with Bearer auth and the project grants as the API takes them', async () => {
    const { provider, state } = await start();
    const { value, requestId } = await provider.create([{ email: 'kim@acme.com', access: 'owner', projects: [{ id: 'proj_x', level: 'member' }] }]);
    expect(value).toMatchObject([{ email: 'kim@acme.com', access: 'owner', status: 'pending', projects: [{ id: 'proj_x', level: 'member' }] }]);
    expect(requestId).toBe('req_create');
    const post = server!.seen.find((request) => request.method === 'POST')!;
    expect(post.headers.authorization).toBe(`Bearer ${OPENAI_KEY}`);
    expect(JSON.parse(post.body)).toEqual({ email: 'kim@acme.com', role: 'owner', projects: [{ id: 'proj_x', role: 'member' }] });
    expect(state.invites.map((invite) => invite.email)).toEqual(['kim@acme.com']);
  });

  it('sends no projects key when the config states none (the API then grants the default project)', async () => {
    const { provider } = await start();
    await provider.create([{ email: 'kim@acme.com', access: 'reader' }]);
    expect(JSON.parse(server!.seen.find((request) => request.method === 'POST')!.body)).toEqual({ email: 'kim@acme.com', role: 'reader' });
  });

  it('reads a refusal for an existing invite as already-done (confirmed by a re-read), any other 400 as refused', async () => {
    const { provider } = await start({ invites: [oaInvite('invite-a', 'kim@acme.com')] });
    const duplicate = (await provider.create([{ email: 'kim@acme.com', access: 'reader' }]).catch((e: unknown) => e)) as ProviderError;
    expect(duplicate).toMatchObject({ meaning: 'already-done', status: 400, requestId: 'req_400' });
    const other = await start({ override: (request, response) => (request.method === 'POST' ? (sendJson(response, 400, { error: { message: 'Invalid email.', type: 'invalid_request_error', param: 'email', code: null } }), true) : false) });
    const invalid = (await other.provider.create([{ email: 'kim@acme.com', access: 'reader' }]).catch((e: unknown) => e)) as ProviderError;
    expect(invalid).toMatchObject({ meaning: 'refused', code: 'invalid_request_error', apiMessage: 'Invalid email.' });
  });

  it('treats an answer at another role as uncertain (re-read), never as applied', async () => {
    const { provider } = await start({
      override: (request, response) => (request.method === 'POST' ? (sendJson(response, 200, oaInvite('invite-z', 'kim@acme.com', 'owner')), true) : false),
    });
    const error = await provider.create([{ email: 'kim@acme.com', access: 'reader' }]).catch((e: unknown) => e);
    expect(error).toMatchObject({ uncertain: true, meaning: 'unknown' });
    expect((error as Error).message).toMatch(/no pending reader invite for kim@acme.com/);
  });

  it('revokes a pending invite; a 404 is already gone; an accepted one (400) is re-read and already gone', async () => {
    const { provider, state } = await start({ invites: [oaInvite('invite-a', 'a@acme.com'), oaInvite('invite-b', 'b@acme.com', 'reader', { status: 'accepted' })] });
    expect(await provider.delete('invite-a')).toEqual({ value: 'deleted', requestId: 'req_delete' });
    expect(state.invites.map((invite) => invite.id)).toEqual(['invite-b']);
    expect((await provider.delete('invite-a')).value).toBe('already-gone');
    expect((await provider.delete('invite-b')).value).toBe('already-gone');
    expect(server!.seen.filter((request) => request.method === 'GET').map((request) => request.url)).toEqual(['/v1/organization/invites/invite-b']);
  });

  it('is uncertain when a delete answers 200 with something other than the deleted invite', async () => {
    const { provider } = await start({
      invites: [oaInvite('invite-a', 'a@acme.com')],
      override: (request, response) => (request.method === 'DELETE' ? (sendJson(response, 200, { object: 'organization.invite.deleted', id: 'invite-other', deleted: true }), true) : false),
    });
    expect(await provider.delete('invite-a').catch((e: unknown) => e)).toMatchObject({ uncertain: true });
  });

  it('never shows the admin key: a 401 names the org and call, and the sk-admin- shape is masked anywhere', async () => {
    server = await startFakeOpenAi({ invites: [], users: [] });
    const { connect } = await import('../../src/providers/connect.ts');
    const { RateBudgets } = await import('../../src/rate-budget.ts');
    const org = desiredOrg({ name: 'gpt', provider: 'openai', connection: { baseUrl: server.url, apiKeyEnv: 'OPENAI_ADMIN_KEY' } });
    const wrong = 'sk-admin-wrongKey0123456789abcdef';
    const provider = connect([org], { env: { OPENAI_ADMIN_KEY: wrong }, readOnly: true, budgets: new RateBudgets(), timeoutMs: 5000 })[0]!.provider;
    const error = (await provider.read().catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/^gpt \(openai\): GET \/v1\/organization\/(invites|users) failed: 401 invalid_api_key: Incorrect API key provided\. \(request req_401\)$/);
    expect(redact(`key ${wrong} leaked`)).toBe('key sk-admin-… leaked');
  });
});

describe('openai: plan', () => {
  it('compares string project ids like any grant: a change of grants alone re-invites, carrying the role', () => {
    const org = desiredOrg({ name: 'gpt', provider: 'openai', invites: [want('ann@acme.com', 'reader', { projects: [{ id: 'proj_a', level: 'owner' }] })] });
    const current = { invites: [{ id: 'invite-a', email: 'ann@acme.com', access: 'reader', status: 'pending' as const, createdAt: '2026-06-01T00:00:00.000Z', projects: [{ id: 'proj_a', level: 'member' }] }], members: [] };
    const plan = planChanges({ orgs: [org] }, { orgs: { gpt: current } }, new Date('2026-06-02T00:00:00Z'));
    expect(plan.orgs[0]!.changes).toMatchObject([{ action: 'replace', reason: 'projects', to: 'reader', projects: [{ id: 'proj_a', level: 'owner' }], fromProjects: [{ id: 'proj_a', level: 'member' }] }]);
  });
});
