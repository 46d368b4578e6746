import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnthropicSeed } from '../../src/emulators/anthropic/index.ts';
import type { InviteWire, ListPage, UserWire } from '../../src/emulators/anthropic/wire.ts';
import { startAnthropic, seedWith } from '../fixtures/anthropic/harness.ts';
import type { AnthropicHarness } from '../fixtures/anthropic/harness.ts';

type Invites = ListPage<InviteWire>;
type Users = ListPage<UserWire>;

/** 45 invites an hour apart: n=0 is the newest; every 5th is expired, every 7th a developer. */
function manyInvites(): NonNullable<AnthropicSeed['invites']> {
  return Array.from({ length: 45 }, (_, n) => ({
    email: `person${n}@acme.com`,
    role: n % 7 === 0 ? ('developer' as const) : ('user' as const),
    age_days: n % 5 === 0 ? 30 + n / 24 : n / 24,
  }));
}

describe('Anthropic emulator: list pagination and filters over HTTP', () => {
  let h: AnthropicHarness;
  let newestFirst: string[];
  beforeAll(async () => {
    h = await startAnthropic(
      seedWith({
        users: [
          { email: 'ada@acme.com', role: 'admin', age_days: 300 },
          { email: 'bob@acme.com', role: 'developer', age_days: 200 },
          { email: 'Cleo@Acme.com', role: 'user', age_days: 100 },
          { email: 'dev@acme.com', role: 'developer', age_days: 1 },
        ],
        invites: manyInvites(),
      }),
    );
    // Expired ones are older by construction, so order by each invite's own invited_at.
    newestFirst = [...h.api.invites()]
      .sort((a, b) => Date.parse(b.invited_at) - Date.parse(a.invited_at))
      .map((i) => i.id);
  });
  afterAll(() => h.close());

  const invites = (query: string) => h.call<Invites>('GET', `/v1/organizations/invites${query}`);

  it('pages newest first with exclusive after_id cursors, default limit 20, has_more and first/last ids', async () => {
    const seen: string[] = [];
    const sizes: number[] = [];
    let query = '';
    for (;;) {
      const { status, body } = await invites(query);
      expect(status).toBe(200);
      expect(Object.keys(body).sort()).toEqual(['data', 'first_id', 'has_more', 'last_id']);
      expect(body.first_id).toBe(body.data[0]?.id);
      expect(body.last_id).toBe(body.data.at(-1)?.id);
      sizes.push(body.data.length);
      seen.push(...body.data.map((i) => i.id));
      if (!body.has_more) break;
      query = `?after_id=${body.last_id}`;
    }
    expect(sizes).toEqual([20, 20, 5]);
    expect(seen).toEqual(newestFirst);
  });

  it('pages back towards newer items with before_id, using first_id as the cursor', async () => {
    const second = (await invites(`?after_id=${newestFirst[19]}`)).body;
    expect(second.data.map((i) => i.id)).toEqual(newestFirst.slice(20, 40));
    const back = (await invites(`?before_id=${second.first_id}`)).body;
    expect(back.data.map((i) => i.id)).toEqual(newestFirst.slice(0, 20));
    expect(back.has_more).toBe(false);
    const near = (await invites(`?before_id=${newestFirst[30]}&limit=4`)).body;
    expect(near.data.map((i) => i.id)).toEqual(newestFirst.slice(26, 30));
    expect(near.has_more).toBe(true);
  });

  it('returns an empty page with null ids past the end', async () => {
    const { body } = await invites(`?after_id=${newestFirst.at(-1)}`);
    expect(body).toEqual({ data: [], has_more: false, first_id: null, last_id: null });
  });

  it('accepts limit 1 to 1000 and refuses anything else with 400', async () => {
    expect((await invites('?limit=1')).body.data).toHaveLength(1);
    expect((await invites('?limit=1000')).body.data).toHaveLength(45);
    for (const limit of ['0', '1001', '-3', 'abc', '2.5']) {
      const reply = await h.call('GET', `/v1/organizations/invites?limit=${limit}`);
      expect(reply.status, `limit=${limit}`).toBe(400);
      expect(reply.body.error.type).toBe('invalid_request_error');
    }
  });

  it('refuses both cursors at once, and a cursor naming no invite, with 400', async () => {
    const both = await h.call('GET', `/v1/organizations/invites?after_id=${newestFirst[1]}&before_id=${newestFirst[5]}`);
    expect(both.status).toBe(400);
    const unknown = await h.call('GET', '/v1/organizations/invites?after_id=invite_01DoesNotExist000000000');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.type).toBe('invalid_request_error');
  });

  it('filters by statuses in the SDK bracket form and as plain repeats', async () => {
    const pending = (await invites('?statuses[]=pending&limit=1000')).body.data;
    const expired = (await invites('?statuses=expired&limit=1000')).body.data;
    expect(pending).toHaveLength(36);
    expect(expired).toHaveLength(9);
    expect(new Set(pending.map((i) => i.status))).toEqual(new Set(['pending']));
    expect(new Set(expired.map((i) => i.status))).toEqual(new Set(['expired']));
    const both = (await invites('?statuses%5B%5D=pending&statuses%5B%5D=expired&limit=1000')).body.data;
    expect(both).toHaveLength(45);
    expect((await h.call('GET', '/v1/organizations/invites?statuses[]=deleted')).status).toBe(400);
  });

  it('filters by roles[] and by email (case-insensitive, +tag tolerant)', async () => {
    const developers = (await invites('?roles[]=developer&limit=1000')).body.data;
    expect(developers.map((i) => i.email).sort()).toEqual(
      ['person0', 'person7', 'person14', 'person21', 'person28', 'person35', 'person42'].map((p) => `${p}@acme.com`).sort(),
    );
    const byEmail = (await invites(`?email=${encodeURIComponent('PERSON3+team@Acme.com')}`)).body.data;
    expect(byEmail.map((i) => i.email)).toEqual(['person3@acme.com']);
    expect((await h.call('GET', '/v1/organizations/invites?roles[]=wizard')).status).toBe(400);
  });

  it('applies filters before the limit, so filtered pages are full and cursors still chain', async () => {
    const first = (await invites('?statuses[]=pending&limit=10')).body;
    expect(first.data).toHaveLength(10);
    const second = (await invites(`?statuses[]=pending&limit=10&after_id=${first.last_id}`)).body;
    expect(second.data).toHaveLength(10);
    expect(second.data.every((i) => i.status === 'pending')).toBe(true);
    expect(new Set([...first.data, ...second.data].map((i) => i.id)).size).toBe(20);
  });

  it('still anchors on a cursor whose invite was deleted between pages, and never lists the deleted one', async () => {
    const page = (await invites('?limit=3')).body;
    const last = page.last_id ?? '';
    expect((await h.call('DELETE', `/v1/organizations/invites/${last}`)).status).toBe(200);
    const next = (await invites(`?limit=3&after_id=${last}`)).body;
    expect(next.data.map((i) => i.id)).toEqual(newestFirst.slice(3, 6));
    const all = (await invites('?limit=1000')).body.data.map((i) => i.id);
    expect(all).toHaveLength(44);
    expect(all).not.toContain(last);
  });

  describe('users', () => {
    const users = (query: string) => h.call<Users>('GET', `/v1/organizations/users${query}`);

    it('lists members most recently added first, exactly as reference §3.2, paging with after_id', async () => {
      const first = (await users('?limit=3')).body;
      expect(first.data.map((u) => u.email)).toEqual(['dev@acme.com', 'Cleo@Acme.com', 'bob@acme.com']);
      expect(first.has_more).toBe(true);
      expect(Object.keys(first.data[0] ?? {}).sort()).toEqual(['added_at', 'email', 'id', 'name', 'role', 'type']);
      expect(first.data[0]).toMatchObject({ type: 'user', role: 'developer', name: 'Dev' });
      expect(first.data[0]?.id).toMatch(/^user_01[0-9A-Za-z]{22}$/);
      const rest = (await users(`?limit=3&after_id=${first.last_id}`)).body;
      expect(rest.data.map((u) => u.email)).toEqual(['ada@acme.com']);
      expect(rest.has_more).toBe(false);
    });

    it('filters by email (case-insensitive, +tag tolerant) and roles[]', async () => {
      expect((await users('?email=cleo%2Bx@acme.com')).body.data.map((u) => u.email)).toEqual(['Cleo@Acme.com']);
      expect((await users('?email=nobody@acme.com')).body).toEqual({ data: [], has_more: false, first_id: null, last_id: null });
      expect((await users('?roles[]=developer')).body.data.map((u) => u.email)).toEqual(['dev@acme.com', 'bob@acme.com']);
    });

    it('refuses out-of-range limits on users too', async () => {
      expect((await h.call('GET', '/v1/organizations/users?limit=0')).status).toBe(400);
      expect((await h.call('GET', '/v1/organizations/users?limit=1001')).status).toBe(400);
    });

    it('retrieves, updates and removes a member; admins cannot be changed or removed', async () => {
      const bob = (await users('?email=bob@acme.com')).body.data[0];
      const ada = (await users('?email=ada@acme.com')).body.data[0];
      expect((await h.call<UserWire>('GET', `/v1/organizations/users/${bob?.id}`)).body).toEqual(bob);
      const updated = await h.call<UserWire>('POST', `/v1/organizations/users/${bob?.id}`, { body: { role: 'billing' } });
      expect(updated.body).toEqual({ ...bob, role: 'billing' });
      expect((await h.call('POST', `/v1/organizations/users/${bob?.id}`, { body: { role: 'admin' } })).status).toBe(400);
      expect((await h.call('POST', `/v1/organizations/users/${ada?.id}`, { body: { role: 'user' } })).status).toBe(400);
      expect((await h.call('DELETE', `/v1/organizations/users/${ada?.id}`)).status).toBe(400);
      const removed = await h.call('DELETE', `/v1/organizations/users/${bob?.id}`);
      expect(removed.body).toEqual({ id: bob?.id, type: 'user_deleted' });
      expect((await h.call('GET', `/v1/organizations/users/${bob?.id}`)).status).toBe(404);
      expect((await users('?email=bob@acme.com')).body.data).toEqual([]);
    });
  });
});
