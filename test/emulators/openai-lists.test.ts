import { afterEach, describe, expect, it } from 'vitest';
import { checkSeedText, formatSeedProblem } from '../../src/emulators/seed.ts';
import { seedWith, startOpenAI, type OpenAIHarness } from './openai-harness.ts';

const harnesses: OpenAIHarness[] = [];
async function start(...args: Parameters<typeof startOpenAI>): Promise<OpenAIHarness> {
  const h = await startOpenAI(...args);
  harnesses.push(h);
  return h;
}
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});

const invites = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `invite-${i}`, email: `i${i}@acme.com`, role: 'reader' as const, age_days: i / 1440 }));

/** Pagination, users, faults and seeds of the reference's checklist (api/openai.md §5, §6.5, §9). */
describe('OpenAI emulator: cursor pages', () => {
  it('defaults to 20, takes 1..100 and refuses 0, 101 and non-integers with 400 naming limit', async () => {
    const h = await start(seedWith({ invites: invites(120) }));
    expect((await h.call('GET', '/v1/organization/invites')).body.data).toHaveLength(20);
    expect((await h.call('GET', '/v1/organization/invites?limit=100')).body.data).toHaveLength(100);
    for (const limit of ['0', '101', '1000', 'ten', '2.5']) {
      const r = await h.call('GET', `/v1/organization/invites?limit=${limit}`);
      expect([r.status, r.body.error.param]).toEqual([400, 'limit']);
    }
  });

  it('pages with after only: exclusive, has_more, first_id/last_id, null ids on an empty page; before ignored', async () => {
    const h = await start(seedWith({ invites: invites(5) }));
    const first = (await h.call('GET', '/v1/organization/invites?limit=2&before=invite-0')).body;
    expect(first).toMatchObject({ object: 'list', first_id: 'invite-0', last_id: 'invite-1', has_more: true });
    const last = (await h.call('GET', '/v1/organization/invites?limit=3&after=invite-1')).body;
    expect(last).toMatchObject({ first_id: 'invite-2', last_id: 'invite-4', has_more: false });
    expect(last.data.map((i: { id: string }) => i.id)).toEqual(['invite-2', 'invite-3', 'invite-4']);
    expect((await h.call('GET', '/v1/organization/invites?after=invite-4')).body).toEqual({ object: 'list', data: [], first_id: null, last_id: null, has_more: false });
    // A cursor whose invite was deleted between pages still anchors; an id never seen is refused.
    await h.call('DELETE', '/v1/organization/invites/invite-1');
    expect((await h.call('GET', '/v1/organization/invites?limit=1&after=invite-1')).body.first_id).toBe('invite-2');
    expect((await h.call('GET', '/v1/organization/invites?after=invite-zzz')).body.error.param).toBe('after');
  });
});

describe('OpenAI emulator: users', () => {
  it('filters by emails[] and repeated emails, case-insensitively; an absent email stays absent', async () => {
    const h = await start(seedWith({ users: [{ id: 'user_o', email: 'o@acme.com', role: 'owner', age_days: 3 }, { id: 'user_s', role: 'reader', age_days: 2, is_service_account: true }, { id: 'user_x', email: 'X@acme.com', role: 'member', age_days: 1 }] }));
    const both = await h.call('GET', '/v1/organization/users?emails[]=x@ACME.com&emails=o@acme.com');
    expect(both.body.data.map((u: { id: string }) => u.id)).toEqual(['user_x', 'user_o']);
    const all = (await h.call('GET', '/v1/organization/users')).body.data;
    expect(Object.keys(all[1])).not.toContain('email');
    expect(all[0].role).toBe('member');
  });

  it('modifies and removes users; refuses the last owner and SCIM-managed users with 400', async () => {
    const h = await start(seedWith({ users: [{ id: 'user_o', email: 'o@acme.com', role: 'owner' }, { id: 'user_r', email: 'r@acme.com', role: 'reader' }, { id: 'user_scim', email: 's@acme.com', role: 'reader', is_scim_managed: true }] }));
    expect((await h.call('POST', '/v1/organization/users/user_o', { body: { role: 'reader' } })).status).toBe(400);
    expect((await h.call('DELETE', '/v1/organization/users/user_o')).status).toBe(400);
    expect((await h.call('POST', '/v1/organization/users/user_scim', { body: { role: 'owner' } })).status).toBe(400);
    expect((await h.call('DELETE', '/v1/organization/users/user_scim')).status).toBe(400);
    expect((await h.call('POST', '/v1/organization/users/user_r', { body: { role: 'member' } })).body.error.param).toBe('role');
    expect((await h.call('POST', '/v1/organization/users/user_r', { body: { role: 'owner' } })).body).toMatchObject({ object: 'organization.user', id: 'user_r', role: 'owner' });
    expect((await h.call('DELETE', '/v1/organization/users/user_o')).body).toEqual({ object: 'organization.user.deleted', id: 'user_o', deleted: true });
    expect((await h.call('GET', '/v1/organization/users/user_o')).status).toBe(404);
    expect(h.server.api.users().map((u) => u.id).sort()).toEqual(['user_r', 'user_scim']);
  });
});

describe('OpenAI emulator: faults and seeds', () => {
  it('injects 500/503 in the envelope with x-should-retry when set, and a lost create still creates', async () => {
    const h = await start();
    h.server.api.setShouldRetry(false);
    h.server.setFaults({ seed: 7, rates: { 503: 1 } });
    const r = await h.call('GET', '/v1/organization/invites');
    expect([r.status, r.headers.get('x-should-retry'), r.body.error.type]).toEqual([503, 'false', 'server_error']);
    expect(r.headers.get('x-request-id')).toMatch(/^req_/);
    h.server.setFaults({ seed: 7, rates: { lost: 1 } });
    await expect(h.call('POST', '/v1/organization/invites', { body: { email: 'lost@acme.com', role: 'reader' } })).rejects.toThrow();
    expect(h.server.api.emailsSent('lost@acme.com')).toBe(1);
  });

  it('checks the openai: seed section and reports problems at their line', () => {
    const text = ['openai:', '  organization: { id: org-1, name: Acme }', '  api_keys: [{ key: sk-proj-x, kind: project }]', '  invites:', '    - { email: nope, role: member }', ''].join('\n');
    const checked = checkSeedText(text, 'seed.yaml');
    expect(checked.ok ? [] : checked.problems.map(formatSeedProblem)).toEqual([
      expect.stringMatching(/^seed\.yaml:3:\d+: openai\.api_keys: at least one key must be an admin key/),
      expect.stringMatching(/^seed\.yaml:5:\d+: openai\.invites\[0\]\.email: /),
      expect.stringMatching(/^seed\.yaml:5:\d+: openai\.invites\[0\]\.role: /),
    ]);
  });
});
