import OpenAI, { AuthenticationError, BadRequestError, NotFoundError, RateLimitError } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, START, seedWith, startOpenAI, type OpenAIHarness } from './openai-harness.ts';

const startSeconds = START.getTime() / 1000;

/** The emulator driven by the official `openai` SDK (reference §11): paths, auth, pages and typed errors. */
describe('OpenAI emulator with the official openai SDK', () => {
  let h: OpenAIHarness;
  let client: OpenAI;
  beforeAll(async () => {
    h = await startOpenAI(
      seedWith({
        // 130 invites one minute apart (more than one page of 100), the last ten past their 7 days.
        invites: Array.from({ length: 130 }, (_, n) => ({ email: `invitee${n}@acme.com`, role: 'reader' as const, age_days: n < 120 ? n / 1440 : 8 + n / 1440 })),
      }),
    );
    // apiKey: null so an OPENAI_API_KEY in the environment cannot matter; admin calls use adminAPIKey only.
    client = new OpenAI({ adminAPIKey: h.key, apiKey: null, organization: null, project: null, baseURL: `${h.server.url}/v1`, maxRetries: 0 });
  });
  afterAll(() => h.close());

  it('auto-paginates more than 100 invites with limit=100 and after=last_id, newest first', async () => {
    h.server.resetLog();
    const seen: OpenAI.Admin.Organization.Invite[] = [];
    for await (const invite of client.admin.organization.invites.list({ limit: 100 })) seen.push(invite);
    expect(seen.map((i) => i.email)).toEqual(Array.from({ length: 130 }, (_, n) => `invitee${n}@acme.com`));
    expect(seen.slice(0, 120).every((i) => i.status === 'pending')).toBe(true);
    expect(seen.slice(120).every((i) => i.status === 'expired')).toBe(true);
    const gets = h.server.log.filter((r) => r.method === 'GET');
    expect(gets.map((r) => r.path)).toEqual(['/v1/organization/invites?limit=100', `/v1/organization/invites?limit=100&after=${seen[99]!.id}`]);
    expect(gets.every((r) => r.credential === h.key && r.status === 200)).toBe(true);
  });

  it('pages by hand: has_more, first_id and last_id as the SDK reads them', async () => {
    const page = await client.admin.organization.invites.list({ limit: 100 });
    expect(page.data).toHaveLength(100);
    expect(page.has_more).toBe(true);
    expect(page.hasNextPage()).toBe(true);
    const next = await page.getNextPage();
    expect(next.data).toHaveLength(30);
    expect(next.has_more).toBe(false);
    expect(next.hasNextPage()).toBe(false);
  });

  it('creates, retrieves and deletes an invite, with Unix-second timestamps and projects', async () => {
    const created = await client.admin.organization.invites.create({ email: 'newhire@acme.com', role: 'owner', projects: [{ id: 'proj_abc', role: 'member' }] });
    expect(created).toMatchObject({ object: 'organization.invite', email: 'newhire@acme.com', role: 'owner', status: 'pending', created_at: startSeconds, expires_at: startSeconds + (7 * DAY_MS) / 1000, accepted_at: null, projects: [{ id: 'proj_abc', role: 'member' }] });
    expect(created.id).toMatch(/^invite-/);
    expect(await client.admin.organization.invites.retrieve(created.id)).toEqual(created);
    expect(await client.admin.organization.invites.delete(created.id)).toEqual({ object: 'organization.invite.deleted', id: created.id, deleted: true });
    expect(h.server.api.invites().some((i) => i.id === created.id)).toBe(false);
    const error = await client.admin.organization.invites.retrieve(created.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).type).toBe('invalid_request_error');
    expect((error as NotFoundError).requestID).toMatch(/^req_[0-9a-f]{32}$/);
  });

  it('refuses a second invite for a pending email with BadRequestError, and a member\'s email too', async () => {
    const error = await client.admin.organization.invites.create({ email: 'Invitee3@acme.com', role: 'reader' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).param).toBe('email');
    const member = await client.admin.organization.invites.create({ email: 'grace@acme.com', role: 'reader' }).catch((e: unknown) => e);
    expect(member).toBeInstanceOf(BadRequestError);
    expect(h.server.api.emailsSent('invitee3@acme.com')).toBe(0);
    expect(h.server.api.invites().filter((i) => i.email.toLowerCase() === 'invitee3@acme.com')).toHaveLength(1);
  });

  it('lists users (service account without an email included), filters by emails[] and retrieves one', async () => {
    const users: OpenAI.Admin.Organization.OrganizationUser[] = [];
    for await (const user of client.admin.organization.users.list({ limit: 2 })) users.push(user);
    expect(users.map((u) => u.id)).toEqual(['user_ci', 'user_linus', 'user_grace', 'user_ada']);
    expect(users[0]).toMatchObject({ email: null, is_service_account: true, role: 'reader' });
    const filtered = await client.admin.organization.users.list({ emails: ['GRACE@acme.com', 'ada@acme.com'] });
    expect(filtered.data.map((u) => u.email)).toEqual(['grace@acme.com', 'ada@acme.com']);
    expect(await client.admin.organization.users.retrieve('user_ada')).toMatchObject({ object: 'organization.user', id: 'user_ada', email: 'ada@acme.com', role: 'owner', added_at: startSeconds - 400 * 86400 });
    await expect(client.admin.organization.users.retrieve('user_nobody')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('maps a wrong key to AuthenticationError and an injected 429 to RateLimitError', async () => {
    const wrong = new OpenAI({ adminAPIKey: 'sk-admin-not-a-real-key', apiKey: null, baseURL: `${h.server.url}/v1`, maxRetries: 0 });
    const error = await wrong.admin.organization.invites.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).code).toBe('invalid_api_key');
    expect(String((error as Error).message)).not.toContain('not-a-real-key');
    h.server.setFaults({ seed: 1, rates: { 429: 1 } });
    try {
      const limited = await client.admin.organization.users.list().catch((e: unknown) => e);
      expect(limited).toBeInstanceOf(RateLimitError);
      expect((limited as RateLimitError).headers.get('retry-after')).toBe('1');
    } finally {
      h.server.setFaults(undefined);
    }
  });
});
