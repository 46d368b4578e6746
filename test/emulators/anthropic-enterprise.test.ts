// The Anthropic emulator's Claude Enterprise mode: its role rules, error bodies and scopes, over HTTP.
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { formatSeedProblem, loadSeedFile } from '../../src/emulators/seed.ts';
import { anthropicSeedSchema, defaultAnthropicSeed, type AnthropicSeed } from '../../src/emulators/anthropic/index.ts';
import type { InviteWire, ListPage, UserWire } from '../../src/emulators/anthropic/wire.ts';
import { startAnthropic, type AnthropicHarness, type ErrorEnvelope } from '../fixtures/anthropic/harness.ts';

const SCOPED = 'sk-ant-admin01-scoped-members-only-key';

function seed(edition: 'console' | 'enterprise', users: AnthropicSeed['users'] = []): AnthropicSeed {
  const base = defaultAnthropicSeed();
  return {
    organization: { ...base.organization, edition },
    api_keys: [...base.api_keys, { key: SCOPED, scopes: ['read:members', 'write:members'] }],
    users,
    invites: [],
  };
}

let h: AnthropicHarness;
afterEach(() => h.close());
const invite = (body: unknown, key?: string) => h.call<ErrorEnvelope & Omit<InviteWire, 'type'>>('POST', '/v1/organizations/invites', { body, ...(key ? { key } : {}) });

describe('Anthropic emulator: Claude Enterprise orgs', () => {
  it('invites user and managed; refuses Console roles with a 400 that has no error_code, sending nothing', async () => {
    h = await startAnthropic(seed('enterprise'));
    expect((await invite({ email: 'm@acme.com', role: 'managed' })).body).toMatchObject({ role: 'managed', status: 'pending' });
    expect((await invite({ email: 'u@acme.com', role: 'user' })).status).toBe(200);
    for (const role of ['developer', 'billing', 'claude_code_user', 'admin', 'owner']) {
      const refused = await invite({ email: `${role}@acme.com`, role });
      expect(refused.status).toBe(400);
      expect(refused.body.error).toEqual({ type: 'invalid_request_error', message: "role: Input should be 'user' or 'managed'" });
    }
    expect(h.api.emailsSent()).toBe(2);
  });

  it('a Console org refuses managed the same way', async () => {
    h = await startAnthropic(seed('console'));
    const refused = await invite({ email: 'm@acme.com', role: 'managed' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toBeUndefined();
    expect(h.api.emailsSent()).toBe(0);
  });

  it('managed needs write:rbac_groups on a scoped key (403)', async () => {
    h = await startAnthropic(seed('enterprise'));
    const refused = await invite({ email: 'm@acme.com', role: 'managed' }, SCOPED);
    expect(refused.status).toBe(403);
    expect(refused.body.error.type).toBe('permission_error');
    expect((await invite({ email: 'u@acme.com', role: 'user' }, SCOPED)).status).toBe(200);
  });

  it('lists Enterprise-only member roles and refuses to change or remove admin-type members', async () => {
    h = await startAnthropic(
      seed('enterprise', [
        { email: 'pat@acme.com', role: 'primary_owner' },
        { email: 'olga@acme.com', role: 'owner' },
        { email: 'mona@acme.com', role: 'membership_admin' },
        { email: 'max@acme.com', role: 'managed' },
      ]),
    );
    const users = (await h.call<ListPage<UserWire>>('GET', '/v1/organizations/users?limit=10')).body.data;
    expect(users.map((user) => user.role).sort()).toEqual(['managed', 'membership_admin', 'owner', 'primary_owner']);
    const owner = users.find((user) => user.role === 'owner')!;
    expect((await h.call('DELETE', `/v1/organizations/users/${owner.id}`)).status).toBe(400);
    expect((await h.call('POST', `/v1/organizations/users/${owner.id}`, { body: { role: 'user' } })).status).toBe(400);
    const managed = users.find((user) => user.role === 'managed')!;
    expect((await h.call<UserWire>('POST', `/v1/organizations/users/${managed.id}`, { body: { role: 'user' } })).body.role).toBe('user');
  });

  it('a seed refuses roles its edition does not have', () => {
    const bad = anthropicSeedSchema.safeParse({ ...seed('console', [{ email: 'o@acme.com', role: 'owner' }]) });
    expect(bad.success).toBe(false);
    const badInvite = anthropicSeedSchema.safeParse({ ...seed('enterprise'), invites: [{ email: 'd@acme.com', role: 'developer' }] });
    expect(badInvite.success).toBe(false);
  });
});

describe('sandbox seed file: an Enterprise org with +tag members', () => {
  it('loads and serves it', async () => {
    const checked = await loadSeedFile('anthropic-enterprise.yaml', fileURLToPath(new URL('../fixtures/seeds/', import.meta.url)));
    if (!checked.ok) throw new Error(checked.problems.map(formatSeedProblem).join('\n'));
    h = await startAnthropic(checked.seed.anthropic);
    const users = (await h.call<ListPage<UserWire>>('GET', `/v1/organizations/users?email=${encodeURIComponent('Jane+x@acme.com')}`)).body.data;
    expect(users.map((user) => user.email)).toEqual(['jane@acme.com']);
    expect((await invite({ email: 'lee@acme.com', role: 'user' })).body.error.details).toEqual({ error_code: 'already_member' });
    expect((await invite({ email: 'sam+new@acme.com', role: 'managed' })).body.error.details).toEqual({ error_code: 'invite_already_exists' });
    expect(h.api.invites().find((item) => item.email === 'nora@acme.com')?.expires_at).toBeNull();
  });
});
