import { afterEach, describe, expect, it } from 'vitest';
import { createClock } from '../../src/emulators/clock.ts';
import { defaultPostHogSeed, PostHogEmulator, postHogSeedSchema } from '../../src/emulators/posthog/index.ts';
import { startServer, type EmulatorServer } from '../../src/emulators/server.ts';
import { envelope, ORG, startPostHog } from '../fixtures/posthog/harness.ts';

const servers: EmulatorServer<PostHogEmulator>[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function sandbox(): Promise<EmulatorServer<PostHogEmulator>> {
  const server = await startServer(new PostHogEmulator({ clock: createClock() }));
  servers.push(server);
  return server;
}

describe('PostHog emulator: default seed and primary()', () => {
  it('gives the sandbox org and a write key that can invite; the second key can only read', async () => {
    const server = await sandbox();
    const { organizationId, apiKey } = server.api.primary();
    expect(organizationId).toBe(ORG);
    expect(apiKey).toMatch(/^phx_/);
    const url = `${server.url}/api/organizations/${organizationId}/invites/`;
    const headers = (key: string) => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' });
    const created = await fetch(url, { method: 'POST', headers: headers(apiKey), body: JSON.stringify({ target_email: 'new@acme.com' }) });
    expect(created.status).toBe(201);

    const readKey = defaultPostHogSeed().personal_api_keys?.find((key) => key.scopes.join() === 'organization_member:read')?.value ?? '';
    expect((await fetch(url, { headers: headers(readKey) })).status).toBe(200);
    const refused = await fetch(url, { method: 'POST', headers: headers(readKey), body: JSON.stringify({ target_email: 'x@acme.com' }) });
    expect(refused.status).toBe(403);
  });

  it('has a few members and no invites', async () => {
    const server = await sandbox();
    expect(server.api.membersOf(ORG).map((m) => m.level).sort((a, b) => a - b)).toEqual([1, 8, 15]);
    expect(server.api.invitesOf(ORG)).toEqual([]);
  });
});

describe('PostHog emulator: seed schema', () => {
  it('rejects unknown keys (strict)', () => {
    const result = postHogSeedSchema.safeParse({ organizations: [{ id: ORG, name: 'Acme', plan: 'free' }] });
    expect(result.success).toBe(false);
  });

  it('reports every broken reference at once, with its path', () => {
    const result = postHogSeedSchema.safeParse({
      organizations: [{ id: ORG, name: 'Acme' }],
      users: [{ email: 'a@acme.com', current_organization: '0190a4f2-0000-0000-0000-000000000001', memberships: [{ organization: '0190a4f2-0000-0000-0000-000000000002', level: 1 }] }],
      personal_api_keys: [{ value: 'phx_0123456789', user: 'ghost@acme.com', scopes: ['organization_member:write'] }],
      invites: [{ organization: ORG, email: 'x@acme.com', created_by: 'ghost@acme.com', created_at: '2025-01-01T00:00:00Z', age_days: 4 }],
    });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual([
      'users.0.memberships.0.organization',
      'users.0.current_organization',
      'personal_api_keys.0.user',
      'invites.0.created_by',
      'invites.0.age_days',
    ]);
  });

  it('rejects levels outside 1/8/15 and malformed scopes', () => {
    const bad = (patch: Record<string, unknown>) => postHogSeedSchema.safeParse({ organizations: [{ id: ORG, name: 'Acme' }], ...patch }).success;
    expect(bad({ users: [{ email: 'a@acme.com', memberships: [{ organization: ORG, level: 5 }] }] })).toBe(false);
    expect(bad({ users: [{ email: 'a@acme.com' }], personal_api_keys: [{ value: 'phx_0123456789', user: 'a@acme.com', scopes: ['write'] }] })).toBe(false);
  });
});

describe('PostHog emulator: injected failures through the server', () => {
  it('answers a rate-limited request with 429 throttled_error and Retry-After', async () => {
    const ph = await startPostHog();
    try {
      ph.server.setRateLimit({ capacity: 1, refillPerSecond: 0.1 });
      expect((await ph.call('GET', '/invites/')).status).toBe(200);
      const limited = await ph.call('GET', '/invites/');
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('10');
      expect(await limited.json()).toEqual(envelope('throttled_error', 'throttled', 'Request was throttled. Expected available in 10 seconds.'));
    } finally {
      await ph.server.close();
    }
  });

  it.each([
    [500, 'error', 'A server error occurred.'],
    [503, 'service_unavailable', 'Service temporarily unavailable, try again later.'],
    [529, 'service_unavailable', 'Service temporarily unavailable, try again later.'],
  ] as const)('answers an injected %i with a server_error envelope and makes no change', async (status, code, detail) => {
    const ph = await startPostHog();
    try {
      ph.server.setFaults({ seed: 1, rates: { [String(status)]: 1 } });
      const response = await ph.call('POST', '/invites/', { body: { target_email: 'a@example.com' } });
      expect(response.status).toBe(status);
      expect(await response.json()).toEqual(envelope('server_error', code, detail));
      expect(ph.api.invitesOf(ORG)).toEqual([]);
    } finally {
      await ph.server.close();
    }
  });

  it('failure(429) says "1 second" in the singular and defaults Retry-After to 1', () => {
    const api = new PostHogEmulator({ clock: createClock() });
    expect(api.failure(429)).toEqual({
      status: 429,
      headers: { 'retry-after': '1' },
      body: envelope('throttled_error', 'throttled', 'Request was throttled. Expected available in 1 second.'),
    });
  });
});
