import { afterEach, describe, expect, it } from 'vitest';
import { DAY_MS, START, seedWith, startOpenAI, type OpenAIHarness } from './openai-harness.ts';

const startSeconds = START.getTime() / 1000;
const harnesses: OpenAIHarness[] = [];
async function start(...args: Parameters<typeof startOpenAI>): Promise<OpenAIHarness> {
  const h = await startOpenAI(...args);
  harnesses.push(h);
  return h;
}
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});

const envelope = (message: unknown = expect.any(String)) => ({ error: { message, type: expect.any(String), param: expect.toSatisfy((v) => v === null || typeof v === 'string'), code: expect.toSatisfy((v) => v === null || typeof v === 'string') } });

/** The reference's emulator checklist (api/openai.md §9), over plain HTTP. */
describe('OpenAI emulator: auth and routing', () => {
  it('answers a missing or unknown key with 401 invalid_api_key, never echoing the key, with x-request-id', async () => {
    const h = await start();
    for (const key of [null, 'sk-admin-wrongwrongwrong']) {
      const r = await h.call('GET', '/v1/organization/invites', { key });
      expect(r.status).toBe(401);
      expect(r.body).toEqual({ error: { message: expect.any(String), type: 'invalid_request_error', param: null, code: 'invalid_api_key' } });
      expect(JSON.stringify(r.body)).not.toContain('wrongwrong');
      expect(r.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
    }
  });

  it('refuses a project key with 401 by default and 403 when seeded so; ignores OpenAI-Organization', async () => {
    const h = await start();
    expect((await h.call('GET', '/v1/organization/users', { key: h.projectKey })).status).toBe(401);
    const h403 = await start(seedWith({ non_admin_key_status: 403 }));
    const r = await h403.call('POST', '/v1/organization/invites', { key: h403.projectKey, body: { email: 'x@acme.com', role: 'reader' } });
    expect(r.status).toBe(403);
    expect(r.body).toEqual(envelope());
    expect(h403.server.api.emailsSent()).toBe(0);
    const ok = await fetch(`${h.server.url}/v1/organization/users`, { headers: { authorization: `Bearer ${h.key}`, 'openai-organization': 'org-other', 'openai-project': 'proj_x' } });
    expect(ok.status).toBe(200);
  });

  it('404s unknown paths (the plural "organizations" too) and 405s unsupported methods, in the envelope', async () => {
    const h = await start();
    for (const path of ['/v1/organizations/invites', '/v1/organization/nope', '/organization/invites']) {
      const r = await h.call('GET', path);
      expect([r.status, r.body]).toEqual([404, envelope()]);
    }
    const r = await h.call('PATCH', '/v1/organization/invites/invite-x');
    expect([r.status, r.body]).toEqual([405, envelope()]);
  });
});

describe('OpenAI emulator: invites', () => {
  it('creates with 200: pending, Unix seconds, 7-day expiry, projects as sent or [], an email sent', async () => {
    const h = await start();
    const r = await h.call('POST', '/v1/organization/invites', { body: { email: 'New@acme.com', role: 'reader' } });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ object: 'organization.invite', id: expect.stringMatching(/^invite-/), email: 'New@acme.com', role: 'reader', status: 'pending', created_at: startSeconds, expires_at: startSeconds + 7 * 86400, accepted_at: null, projects: [] });
    expect(h.server.api.emailsSent('new@acme.com')).toBe(1);
  });

  it('refuses bad bodies with 400 and the param named, creating nothing', async () => {
    const h = await start(seedWith({ projects: [{ id: 'proj_a', name: 'A' }] }));
    const cases: [unknown, string | null][] = [
      [{ role: 'reader' }, 'email'],
      [{ email: 'not-an-email', role: 'reader' }, 'email'],
      [{ email: 'a@acme.com' }, 'role'],
      [{ email: 'a@acme.com', role: 'member' }, 'role'],
      [{ email: 'a@acme.com', role: 'reader', extra: 1 }, 'extra'],
      [{ email: 'a@acme.com', role: 'reader', projects: [{ id: 'proj_a', role: 'reader' }] }, 'projects[0].role'],
      [{ email: 'a@acme.com', role: 'reader', projects: [{ id: 'proj_unknown', role: 'member' }] }, 'projects[0].id'],
      [[1], null],
    ];
    for (const [body, param] of cases) {
      const r = await h.call('POST', '/v1/organization/invites', { body });
      expect([r.status, r.body.error.param, r.body.error.type]).toEqual([400, param, 'invalid_request_error']);
    }
    expect((await h.call('POST', '/v1/organization/invites', { rawBody: '{nope' })).status).toBe(400);
    expect(h.server.api.emailsSent()).toBe(0);
  });

  it('duplicates: refuse (default), replace or duplicate; an expired invite never blocks a new one', async () => {
    const h = await start(seedWith({ invites: [{ email: 'old@acme.com', role: 'reader', age_days: 8 }, { email: 'pend@acme.com', role: 'reader', age_days: 1 }] }));
    expect((await h.call('POST', '/v1/organization/invites', { body: { email: 'old@acme.com', role: 'owner' } })).status).toBe(200);
    expect((await h.call('POST', '/v1/organization/invites', { body: { email: 'PEND@acme.com', role: 'owner' } })).status).toBe(400);
    h.server.api.setDuplicateMode('replace');
    expect((await h.call('POST', '/v1/organization/invites', { body: { email: 'pend@acme.com', role: 'owner' } })).status).toBe(200);
    expect(h.server.api.invites().filter((i) => i.email === 'pend@acme.com').map((i) => i.role)).toEqual(['owner']);
    h.server.api.setDuplicateMode('duplicate');
    expect((await h.call('POST', '/v1/organization/invites', { body: { email: 'pend@acme.com', role: 'reader' } })).status).toBe(200);
    expect(h.server.api.invites().filter((i) => i.email === 'pend@acme.com').map((i) => i.status)).toEqual(['pending', 'pending']);
  });

  it('computes expiry at read time and deletes: pending and expired 200, accepted 400, unknown and deleted 404', async () => {
    const h = await start(seedWith({ invites: [{ id: 'invite-a', email: 'a@acme.com', role: 'reader', age_days: 6 }, { id: 'invite-b', email: 'b@acme.com', role: 'reader', age_days: 1 }] }));
    expect((await h.call('GET', '/v1/organization/invites/invite-a')).body.status).toBe('pending');
    h.clock.advance(DAY_MS);
    expect((await h.call('GET', '/v1/organization/invites/invite-a')).body.status).toBe('expired');
    h.server.api.acceptInvite('b@acme.com');
    const accepted = await h.call('GET', '/v1/organization/invites/invite-b');
    expect(accepted.body).toMatchObject({ status: 'accepted', accepted_at: startSeconds + 86400 });
    expect(h.server.api.users()[0]).toMatchObject({ email: 'b@acme.com', role: 'reader', added_at: startSeconds + 86400 });
    expect((await h.call('DELETE', '/v1/organization/invites/invite-b')).status).toBe(400);
    expect((await h.call('DELETE', '/v1/organization/invites/invite-a')).body).toEqual({ object: 'organization.invite.deleted', id: 'invite-a', deleted: true });
    for (const method of ['GET', 'DELETE']) expect((await h.call(method, '/v1/organization/invites/invite-a')).status).toBe(404);
    expect((await h.call('GET', '/v1/organization/invites/invite-never')).status).toBe(404);
    const list = await h.call('GET', '/v1/organization/invites');
    expect(list.body.data.map((i: { id: string; status: string }) => `${i.id}:${i.status}`)).toEqual(['invite-b:accepted']);
  });

  it('seeds null expiry (status alone tells) and the 2024 field shape (invited_at, no projects)', async () => {
    const h = await start(seedWith({ invite_lifetime_days: null, invites: [{ id: 'invite-n', email: 'n@acme.com', role: 'reader', status: 'expired', expires_at: null }] }));
    expect((await h.call('GET', '/v1/organization/invites/invite-n')).body).toMatchObject({ status: 'expired', expires_at: null });
    const created = await h.call('POST', '/v1/organization/invites', { body: { email: 'm@acme.com', role: 'reader', projects: [] } });
    expect(created.body).toMatchObject({ status: 'pending', expires_at: null });
    h.server.api.setInviteFields('2024');
    const old = (await h.call('GET', '/v1/organization/invites/invite-n')).body;
    expect(old).toMatchObject({ invited_at: startSeconds });
    expect(Object.keys(old)).not.toContain('created_at');
    expect(Object.keys(old)).not.toContain('projects');
  });
});
