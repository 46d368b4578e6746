import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WireInvite } from '../../src/emulators/posthog/index.ts';
import { bodyOf, envelope, KEYS, LOCKED_ORG, ORG, OTHER_ORG, startPostHog, type PostHogHarness } from '../fixtures/posthog/harness.ts';

let ph: PostHogHarness;
beforeEach(async () => {
  ph = await startPostHog();
});
afterEach(async () => {
  await ph.server.close();
});

const auth = (detail: string, code = 'permission_denied') => envelope('authentication_error', code, detail);
const DENIED = auth('You do not have permission to perform this action.');
const INVITE = { target_email: 'new@example.com' };

describe('PostHog emulator: credentials', () => {
  it('answers 401 not_authenticated with a Bearer challenge when no key is sent', async () => {
    const response = await ph.call('GET', '/invites/', { key: null });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(`Bearer resource_metadata="${ph.server.url}/.well-known/oauth-protected-resource"`);
    expect(await response.json()).toEqual(auth('Authentication credentials were not provided.', 'not_authenticated'));
  });

  it('answers 401 authentication_failed naming where an unknown key was found', async () => {
    const header = await ph.call('GET', '/invites/', { key: 'phx_nope' });
    expect(header.status).toBe(401);
    expect(header.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(await header.json()).toEqual(auth('Personal API key found in request Authorization header is invalid.', 'authentication_failed'));

    const body = await ph.call('POST', '/invites/', { key: null, body: { ...INVITE, personal_api_key: 'phx_nope' } });
    expect(await body.json()).toEqual(auth('Personal API key found in request body is invalid.', 'authentication_failed'));

    const query = await fetch(`${ph.orgUrl()}/invites/?personal_api_key=phx_nope`);
    expect(await query.json()).toEqual(auth('Personal API key found in request query string is invalid.', 'authentication_failed'));
  });

  it('accepts the key from the body or the query string when there is no header', async () => {
    const body = await ph.call('POST', '/invites/', { key: null, body: { ...INVITE, personal_api_key: KEYS.ownerWrite } });
    expect(body.status).toBe(201);
    const query = await fetch(`${ph.orgUrl()}/invites/?personal_api_key=${KEYS.ownerRead}`);
    expect(query.status).toBe(200);
  });

  it('tries only the first key found: header, then body, then query', async () => {
    const goodHeader = await fetch(`${ph.orgUrl()}/invites/?personal_api_key=phx_nope`, { headers: { authorization: `Bearer ${KEYS.ownerRead}` } });
    expect(goodHeader.status).toBe(200);
    const badHeader = await fetch(`${ph.orgUrl()}/invites/?personal_api_key=${KEYS.ownerRead}`, { headers: { authorization: 'Bearer phx_nope' } });
    expect(badHeader.status).toBe(401);
  });

  it('treats a non-Bearer Authorization header as no credentials', async () => {
    const response = await fetch(`${ph.orgUrl()}/invites/`, { headers: { authorization: `Basic ${KEYS.ownerWrite}` } });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 'not_authenticated' });
  });

  it('reports the key a request carries, for rate limits and the request log', async () => {
    await ph.call('GET', '/invites/', { key: KEYS.ownerRead });
    await fetch(`${ph.orgUrl()}/invites/?personal_api_key=${KEYS.adminWrite}`);
    expect(ph.server.log.map((entry) => entry.credential)).toEqual([KEYS.ownerRead, KEYS.adminWrite]);
  });
});

describe('PostHog emulator: scopes', () => {
  it('lets a read key list but not create or delete', async () => {
    expect((await ph.call('GET', '/invites/', { key: KEYS.ownerRead })).status).toBe(200);
    expect((await ph.call('GET', '/members/', { key: KEYS.ownerRead })).status).toBe(200);
    const create = await ph.call('POST', '/invites/', { key: KEYS.ownerRead, body: INVITE });
    expect(create.status).toBe(403);
    expect(await create.json()).toEqual(auth("API key missing required scope 'organization_member:write'"));
    const bulk = await ph.call('POST', '/invites/bulk/', { key: KEYS.ownerRead, body: [INVITE] });
    expect(await bulk.json()).toEqual(auth("API key missing required scope 'organization_member:write'"));
    const invite = await bodyOf<WireInvite>(ph.call('POST', '/invites/', { body: INVITE }));
    const remove = await ph.call('DELETE', `/invites/${invite.id}/`, { key: KEYS.ownerRead });
    expect(remove.status).toBe(403);
    expect(ph.api.invitesOf(ORG)).toHaveLength(1);
  });

  it('lets a write key list (write implies read) and a * key do everything', async () => {
    expect((await ph.call('GET', '/invites/', { key: KEYS.ownerWrite })).status).toBe(200);
    const created = await ph.call('POST', '/invites/', { key: KEYS.ownerAll, body: INVITE });
    expect(created.status).toBe(201);
    const { id } = await bodyOf<WireInvite>(created);
    expect((await ph.call('DELETE', `/invites/${id}/`, { key: KEYS.ownerAll })).status).toBe(204);
  });

  it('refuses a key without any organization_member scope', async () => {
    const response = await ph.call('GET', '/invites/', { key: KEYS.ownerOtherScope });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual(auth("API key missing required scope 'organization_member:read'"));
  });

  it('refuses an organization-scoped key on another organization', async () => {
    const response = await ph.call('GET', '/invites/', { key: KEYS.ownerScopedToOther });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual(auth(`API key does not have access to the requested organization: ID ${ORG}.`));
    expect((await ph.call('GET', `${ph.orgUrl(LOCKED_ORG)}/invites/`, { key: KEYS.ownerScopedToOther })).status).toBe(200);
  });
});

describe('PostHog emulator: organizations and routes', () => {
  it('answers 404 "Organization not found." for a malformed or unknown organization id', async () => {
    for (const org of ['acme', '0190a4f2-7c11-7000-8000-000000000000']) {
      const response = await ph.call('GET', `${ph.orgUrl(org)}/invites/`);
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual(envelope('invalid_request', 'not_found', 'Organization not found.'));
    }
  });

  it('answers 403 to a caller who is not a member of an existing organization', async () => {
    const list = await ph.call('GET', `${ph.orgUrl(OTHER_ORG)}/invites/`);
    expect(list.status).toBe(403);
    expect(await list.json()).toEqual(DENIED);
    const create = await ph.call('POST', '/invites/', { key: KEYS.outsiderWrite, body: INVITE });
    expect(await create.json()).toEqual(DENIED);
  });

  it('resolves @current to the key owner\'s current organization', async () => {
    await ph.call('POST', `${ph.orgUrl('@current')}/invites/`, { body: { target_email: 'cur@example.com' } });
    expect(ph.api.invitesOf(ORG).map((invite) => invite.target_email)).toEqual(['cur@example.com']);
    const list = await bodyOf<{ count: number }>(ph.call('GET', `${ph.orgUrl('@current')}/invites`));
    expect(list.count).toBe(1);
    const encoded = await ph.call('GET', `${ph.orgUrl('%40current')}/members/`);
    expect(encoded.status).toBe(200);
  });

  it('accepts every route with and without the trailing slash, without redirecting', async () => {
    for (const path of ['/invites', '/invites/', '/members', '/members/']) {
      const response = await ph.call('GET', path);
      expect([path, response.status, response.redirected]).toEqual([path, 200, false]);
    }
    const created = await ph.call('POST', '/invites', { body: INVITE });
    expect(created.status).toBe(201);
    expect((await ph.call('POST', '/invites/bulk', { body: [{ target_email: 'b@example.com' }] })).status).toBe(201);
    const { id } = await bodyOf<WireInvite>(created);
    expect((await ph.call('DELETE', `/invites/${id}`)).status).toBe(204);
    const again = await bodyOf<WireInvite>(ph.call('POST', '/invites/', { body: INVITE }));
    expect((await ph.call('DELETE', `/invites/${again.id}/`)).status).toBe(204);
  });

  it('refuses personal API keys on methods the viewset has no action for', async () => {
    const invite = await bodyOf<WireInvite>(ph.call('POST', '/invites/', { body: INVITE }));
    const unsupported = [['GET', `/invites/${invite.id}/`], ['PATCH', `/invites/${invite.id}/`], ['GET', '/invites/bulk/'], ['PUT', '/invites/']] as const;
    for (const [method, path] of unsupported) {
      const response = await ph.call(method, path, { key: KEYS.ownerAll });
      expect([method, path, response.status]).toEqual([method, path, 403]);
      expect(await response.json()).toEqual(auth('This action does not support personal API key access'));
    }
  });

  it('answers unknown paths with 404 "Not found."', async () => {
    const response = await ph.call('GET', `${ph.server.url}/api/organizations/${ORG}/roles/`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual(envelope('invalid_request', 'not_found', 'Not found.'));
  });
});

describe('PostHog emulator: permission chain order (§8.3)', () => {
  it('list checks the scope before the organization', async () => {
    const response = await ph.call('GET', `${ph.orgUrl('not-a-uuid')}/invites/`, { key: KEYS.ownerOtherScope });
    expect(await response.json()).toEqual(auth("API key missing required scope 'organization_member:read'"));
  });

  it('create checks the organization before the scope', async () => {
    const missing = await ph.call('POST', `${ph.orgUrl('not-a-uuid')}/invites/`, { key: KEYS.ownerRead, body: INVITE });
    expect(missing.status).toBe(404);
    const outsider = await ph.call('POST', `${ph.orgUrl(OTHER_ORG)}/invites/`, { key: KEYS.ownerRead, body: INVITE });
    expect(await outsider.json()).toEqual(DENIED);
  });

  it('delete checks the level before the scope, and both before the invite exists', async () => {
    const memberWithUnknownId = await ph.call('DELETE', '/invites/0190a4f2-0000-0000-0000-000000000000/', { key: KEYS.memberWrite });
    expect(memberWithUnknownId.status).toBe(403);
    expect(await memberWithUnknownId.json()).toEqual(auth('Your organization access level is insufficient.'));
    const readKey = await ph.call('DELETE', '/invites/0190a4f2-0000-0000-0000-000000000000/', { key: KEYS.ownerRead });
    expect(await readKey.json()).toEqual(auth("API key missing required scope 'organization_member:write'"));
  });
});
