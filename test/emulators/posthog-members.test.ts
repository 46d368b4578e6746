import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DAY_MS, envelope, KEYS, ORG, startPostHog, type PostHogHarness } from '../fixtures/posthog/harness.ts';

let ph: PostHogHarness;
beforeEach(async () => {
  ph = await startPostHog();
});
afterEach(async () => {
  await ph.server.close();
});

interface MemberPage {
  count: number;
  next: string | null;
  results: { id: string; level: number; user: { email: string; first_name: string } }[];
}

async function members(query = ''): Promise<MemberPage> {
  const response = await ph.call('GET', `/members/${query}`, { key: KEYS.ownerRead });
  expect(response.status).toBe(200);
  return (await response.json()) as MemberPage;
}

describe('PostHog emulator: members list (§11)', () => {
  it('lists members with the member object fields, most recently joined first', async () => {
    const page = await members();
    expect(page.count).toBe(3);
    expect(page.results.map((m) => [m.user.email, m.level])).toEqual([
      ['member@acme.com', 1],
      ['admin@acme.com', 8],
      ['owner@acme.com', 15],
    ]);
    expect(Object.keys(page.results[0] ?? {})).toEqual(['id', 'user', 'level', 'joined_at', 'updated_at', 'is_2fa_enabled', 'has_social_auth', 'last_login']);
    expect(Object.keys(page.results[0]?.user ?? {})).toEqual([
      'id',
      'uuid',
      'distinct_id',
      'first_name',
      'last_name',
      'email',
      'is_email_verified',
      'hedgehog_config',
      'role_at_organization',
    ]);
  });

  it('paginates with limit/offset and filters by exact email', async () => {
    const first = await members('?limit=2');
    expect(first.results).toHaveLength(2);
    expect(first.next).toBe(`${ph.server.url}/api/organizations/${ORG}/members/?limit=2&offset=2`);
    const filtered = await members('?email=admin@acme.com');
    expect(filtered.results.map((m) => m.user.email)).toEqual(['admin@acme.com']);
  });

  it('hides PostHog bot users', async () => {
    ph.api.addMember(ORG, { email: 'mcp@posthogbot.user', level: 1 });
    expect((await members()).count).toBe(3);
  });
});

describe('PostHog emulator: test hooks', () => {
  it('acceptInvite turns the invite into a membership at its level and deletes the invite', async () => {
    await ph.call('POST', '/invites/', { body: { target_email: 'Nina@Example.com', first_name: 'Nina', level: 8 } });
    const member = ph.api.acceptInvite(ORG, 'nina@example.com');
    expect(member).toMatchObject({ level: 8, user: { email: 'nina@example.com', first_name: 'Nina' } });
    expect(ph.api.invitesOf(ORG)).toEqual([]);
    expect((await members()).results[0]?.user.email).toBe('nina@example.com');
    const again = await ph.call('POST', '/invites/', { body: { target_email: 'nina@example.com' } });
    expect(again.status).toBe(400);
  });

  it('acceptInvite refuses a missing or expired invite, as the signup page does', async () => {
    expect(() => ph.api.acceptInvite(ORG, 'nobody@example.com')).toThrow(/no invite/);
    await ph.call('POST', '/invites/', { body: { target_email: 'late@example.com' } });
    ph.clock.advance(3 * DAY_MS + 1000);
    expect(() => ph.api.acceptInvite(ORG, 'late@example.com')).toThrow('This invite has expired. Please ask your admin for a new one.');
    expect(ph.api.membersOf(ORG)).toHaveLength(3);
  });

  it('addMember makes later invites for that email fail with "already belongs"', async () => {
    ph.api.addMember(ORG, { email: 'Zoe@Example.com', level: 1, first_name: 'Zoe' });
    expect(ph.api.membersOf(ORG).map((m) => m.user.email)).toContain('Zoe@Example.com');
    const response = await ph.call('POST', '/invites/', { body: { target_email: 'zoe@example.com' } });
    expect(await response.json()).toEqual(
      envelope('validation_error', 'invalid_input', 'A user with this email address already belongs to the organization.'),
    );
    expect(() => ph.api.addMember(ORG, { email: 'zoe@example.com', level: 8 })).toThrow(/already a member/);
  });

  it('emailsSent counts one email per created invite, per address and in total', async () => {
    await ph.call('POST', '/invites/', { body: { target_email: 'a@example.com' } });
    await ph.call('POST', '/invites/bulk/', { body: [{ target_email: 'A@example.com' }, { target_email: 'b@example.com' }] });
    expect([ph.api.emailsSent('a@example.com'), ph.api.emailsSent('B@Example.com'), ph.api.emailsSent()]).toEqual([2, 1, 3]);
  });

  it('hooks refuse an unknown organization', () => {
    expect(() => ph.api.invitesOf('0190a4f2-0000-0000-0000-000000000000')).toThrow(/unknown PostHog organization/);
  });
});
