import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAnthropicSeed } from '../../src/emulators/anthropic/index.ts';
import { startAnthropic, type AnthropicHarness } from '../fixtures/anthropic/harness.ts';

describe('Anthropic emulator: an org that only allows its own email domains', () => {
  let h: AnthropicHarness;
  beforeAll(async () => {
    const seed = defaultAnthropicSeed();
    h = await startAnthropic({ ...seed, organization: { ...seed.organization, allowed_email_domains: ['acme.com'] } });
  });
  afterAll(() => h.close());

  it('refuses an outside address with 400 email_domain_not_allowed and sends no email', async () => {
    const { status, body } = await h.call('POST', '/v1/organizations/invites', { body: { email: 'mallory@elsewhere.example', role: 'user' } });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ type: 'invalid_request_error', details: { error_code: 'email_domain_not_allowed' } });
    expect(h.api.emailsSent('mallory@elsewhere.example')).toBe(0);
  });

  it('accepts an address in the allowed domain, and /me does not expose the setting', async () => {
    expect((await h.call('POST', '/v1/organizations/invites', { body: { email: 'new@ACME.com', role: 'user' } })).status).toBe(200);
    const me = await h.call<Record<string, unknown>>('GET', '/v1/organizations/me');
    expect(Object.keys(me.body).sort()).toEqual(['id', 'name', 'type']);
  });
});
