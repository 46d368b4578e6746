import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnthropicEmulator, defaultAnthropicSeed } from '../../src/emulators/anthropic/index.ts';
import { createClock } from '../../src/emulators/clock.ts';
import type { EmulatorRequest } from '../../src/emulators/types.ts';
import type { InviteWire, ListPage } from '../../src/emulators/anthropic/wire.ts';
import { startAnthropic } from '../fixtures/anthropic/harness.ts';
import type { AnthropicHarness, ErrorEnvelope } from '../fixtures/anthropic/harness.ts';

const REQUEST_ID = /^req_01[0-9A-Za-z]{22}$/;

describe('Anthropic emulator: auth, headers and envelopes over HTTP', () => {
  let h: AnthropicHarness;
  beforeAll(async () => {
    const seed = defaultAnthropicSeed();
    seed.api_keys = [...seed.api_keys, { key: 'sk-ant-admin01-readonly-key', scopes: ['read:members'] }];
    h = await startAnthropic(seed);
  });
  afterAll(() => h.close());

  it('puts a fresh request-id on every response, and the same id in error bodies', async () => {
    const replies = [
      await h.call('GET', '/v1/organizations/invites'),
      await h.call('GET', '/v1/organizations/users/user_01Missing'),
      await h.call('GET', '/v1/organizations/invites', { auth: 'none' }),
      await h.call('POST', '/v1/organizations/invites', { body: { email: 'a@acme.com', role: 'user' } }),
      await h.call('DELETE', '/v1/organizations/users'),
    ];
    expect(replies.map((r) => r.status)).toEqual([200, 404, 401, 200, 405]);
    const ids = replies.map((r) => r.headers.get('request-id'));
    for (const id of ids) expect(id).toMatch(REQUEST_ID);
    expect(new Set(ids).size).toBe(ids.length);
    for (const reply of replies.filter((r) => r.status !== 200)) {
      expect(reply.headers.get('content-type')).toContain('application/json');
      expect(reply.body.type).toBe('error');
      expect(reply.body.request_id).toBe(reply.headers.get('request-id'));
    }
  });

  it('accepts the key in x-api-key or as Authorization: Bearer', async () => {
    expect((await h.call('GET', '/v1/organizations/users', { auth: 'x-api-key' })).status).toBe(200);
    expect((await h.call('GET', '/v1/organizations/users', { auth: 'bearer' })).status).toBe(200);
  });

  it.each([
    ['no key', { auth: 'none' as const }],
    ['an unknown x-api-key', { key: 'sk-ant-admin01-wrong' }],
    ['an unknown bearer token', { auth: 'bearer' as const, key: 'sk-ant-admin01-wrong' }],
  ])('answers 401 authentication_error for %s', async (_name, options) => {
    const reply = await h.call('GET', '/v1/organizations/invites', options);
    expect(reply.status).toBe(401);
    expect(reply.body.error.type).toBe('authentication_error');
  });

  it('accepts a missing anthropic-version and any YYYY-MM-DD, refusing only a malformed one (reference §9, corrected)', async () => {
    expect((await h.call('GET', '/v1/organizations/invites', { headers: { 'anthropic-version': null } })).status).toBe(200);
    const malformed = await h.call('GET', '/v1/organizations/invites', { headers: { 'anthropic-version': 'latest' } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.type).toBe('invalid_request_error');
    expect(malformed.body.error.message).toContain('anthropic-version');
    for (const version of ['2023-06-01', '2026-10-21']) {
      expect((await h.call('GET', '/v1/organizations/invites', { headers: { 'anthropic-version': version } })).status).toBe(200);
    }
  });

  it('ignores ?beta=true and unknown headers, as the beta SDK namespace sends them', async () => {
    const headers = { 'anthropic-beta': 'whatever-2099-01-01', 'x-stainless-retry-count': '0' };
    const created = await h.call<InviteWire>('POST', '/v1/organizations/invites?beta=true', {
      body: { email: 'beta@acme.com', role: 'user' },
      headers,
    });
    expect(created.status).toBe(200);
    const got = await h.call<InviteWire>('GET', `/v1/organizations/invites/${created.body.id}?beta=true`, { headers });
    expect(got.body.id).toBe(created.body.id);
    const list = await h.call<ListPage<InviteWire>>('GET', '/v1/organizations/invites?beta=true&limit=5');
    expect(list.body.data.map((i) => i.id)).toContain(created.body.id);
  });

  it('answers 404 for unknown paths and 405 for a method the path does not have', async () => {
    const unknown = await h.call('GET', '/v1/organizations/teams');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.type).toBe('not_found_error');
    const wrong = await h.call('PATCH', '/v1/organizations/invites/invite_01x', { body: { role: 'user' } });
    expect(wrong.status).toBe(405);
    expect(wrong.body.error.type).toBe('invalid_request_error');
  });

  it('lets a read-only scoped key list but not write (403 api_key_scope_missing)', async () => {
    const key = 'sk-ant-admin01-readonly-key';
    expect((await h.call('GET', '/v1/organizations/invites', { key })).status).toBe(200);
    const write = await h.call('POST', '/v1/organizations/invites', { key, body: { email: 'ro@acme.com', role: 'user' } });
    expect(write.status).toBe(403);
    expect(write.body.error).toMatchObject({ type: 'permission_error', details: { error_code: 'api_key_scope_missing' } });
    expect(h.api.emailsSent('ro@acme.com')).toBe(0);
  });

  it('shows which organization the key belongs to (/v1/organizations/me)', async () => {
    const me = await h.call<{ id: string; type: string; name: string }>('GET', '/v1/organizations/me');
    expect(me.body).toEqual({ ...defaultAnthropicSeed().organization, type: 'organization' });
  });

  it('answers a rate-limited request with rate_limit_error and retry-after through the server', async () => {
    const limited = await startAnthropic(defaultAnthropicSeed(), { rateLimit: { capacity: 1, refillPerSecond: 0.01 } });
    try {
      expect((await limited.call('GET', '/v1/organizations/users')).status).toBe(200);
      const reply = await limited.call<ErrorEnvelope>('GET', '/v1/organizations/users');
      expect(reply.status).toBe(429);
      expect(Number(reply.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(reply.body.error.type).toBe('rate_limit_error');
      expect(reply.body.request_id).toBe(reply.headers.get('request-id'));
    } finally {
      await limited.close();
    }
  });
});

describe('AnthropicEmulator.failure and credentialOf', () => {
  const api = new AnthropicEmulator({ clock: createClock() });

  it.each([
    [429, 'rate_limit_error'],
    [500, 'api_error'],
    [503, 'api_error'],
    [529, 'overloaded_error'],
  ] as const)('gives %i the Anthropic envelope (%s) with a fresh request-id', (status, type) => {
    const a = api.failure(status);
    const b = api.failure(status);
    expect(a.status).toBe(status);
    const body = a.body as ErrorEnvelope;
    expect(body).toMatchObject({ type: 'error', error: { type } });
    expect(a.headers?.['request-id']).toMatch(REQUEST_ID);
    expect(body.request_id).toBe(a.headers?.['request-id']);
    expect(b.headers?.['request-id']).not.toBe(a.headers?.['request-id']);
  });

  it('puts retry-after on a 429, defaulting to 1 second', () => {
    expect(api.failure(429, 7).headers?.['retry-after']).toBe('7');
    expect(api.failure(429).headers?.['retry-after']).toBe('1');
    expect(api.failure(529).headers?.['retry-after']).toBeUndefined();
  });

  it('reads the credential from x-api-key or Authorization: Bearer', () => {
    const request = (headers: Record<string, string>): EmulatorRequest => ({
      method: 'GET',
      url: new URL('http://127.0.0.1/v1/organizations/users'),
      headers,
      body: undefined,
      rawBody: '',
    });
    expect(api.credentialOf(request({ 'x-api-key': 'sk-ant-admin01-a' }))).toBe('sk-ant-admin01-a');
    expect(api.credentialOf(request({ authorization: 'Bearer sk-ant-admin01-b' }))).toBe('sk-ant-admin01-b');
    expect(api.credentialOf(request({ authorization: 'Basic Zm9vOmJhcg==' }))).toBeUndefined();
    expect(api.credentialOf(request({}))).toBeUndefined();
  });
});
