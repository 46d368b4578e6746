// Wire objects and page answers for hostile PostHog and Anthropic servers (test/helpers/hostile-server.ts).
import type { ServerResponse } from 'node:http';
import { startHostileServer, sendJson, type HostileServer, type SeenRequest } from '../helpers/hostile-server.ts';
import type { ProviderName } from '../../src/model.ts';
import { connect } from '../../src/providers/connect.ts';
import { RateBudgets } from '../../src/rate-budget.ts';
import { FAST_RETRY } from '../helpers/orgs.ts';
import { desiredOrg } from '../helpers/states.ts';

export const POSTHOG_ORG = '0190a4f2-7c11-7000-8000-2f4c1d0a5e33';
export const KEYS = { POSTHOG_PERSONAL_API_KEY: 'phx_hostileTestKey0123456789abcdef', ANTHROPIC_ADMIN_API_KEY: 'sk-ant-admin01-hostileTestKey0123456789' };
const CREATED = '2026-06-01T00:00:00.000000Z';

/** A PostHog invite as the list and bulk return it. */
export const phInvite = (id: string, email: string, level = 1) => ({ id, target_email: email, first_name: '', level, is_expired: false, created_at: CREATED, message: null });
/** A PostHog membership. */
export const phMember = (id: string, email: string, level = 1) => ({ id, level, user: { email } });
/** An Anthropic invite. */
export const ahInvite = (id: string, email: string, role = 'user', status = 'pending') => ({
  id,
  type: 'invite',
  email,
  role,
  status,
  invited_at: '2026-06-01T00:00:00Z',
  expires_at: '2099-01-01T00:00:00Z',
});
/** An Anthropic user. */
export const ahUser = (id: string, email: string, role = 'user') => ({ id, type: 'user', email, name: email, role, added_at: '2026-06-01T00:00:00Z' });

/** A DRF page: `results` with the given `count`, and a `next` URL when `more`. */
export function phPage(url: URL, results: unknown[], count: number, more: boolean) {
  const next = more ? `http://127.0.0.1/next?offset=${Number(url.searchParams.get('offset') ?? 0) + results.length}` : null;
  return { count, next, previous: null, results };
}

/** A cursor page of `data`. */
export function ahPage(data: Array<{ id: string }>, hasMore: boolean, lastId = data.at(-1)?.id ?? null) {
  return { data, has_more: hasMore, first_id: data[0]?.id ?? null, last_id: lastId };
}

/** The parsed URL of a request a hostile server saw. */
export const urlOf = (request: SeenRequest) => new URL(request.url, 'http://127.0.0.1');

/** The writes (anything but GET) a server saw. */
export const writesSeen = (server: HostileServer) => server.seen.filter((request) => request.method !== 'GET');

/**
 * A hostile server that answers PostHog's or Anthropic's invite list with `invites`, the member
 * list with `members` (an empty list when absent) and anything else with `other` (404 when absent).
 */
export function startFakeApi(handlers: {
  invites: (url: URL, request: SeenRequest) => unknown;
  members?: (url: URL) => unknown;
  other?: (request: SeenRequest, response: ServerResponse) => void | Promise<void>;
}): Promise<HostileServer> {
  return startHostileServer(async (request, response) => {
    const url = urlOf(request);
    const isList = request.method === 'GET';
    if (isList && /\/invites\/?$/.test(url.pathname)) sendJson(response, 200, handlers.invites(url, request));
    else if (isList && /\/(members|users)\/?$/.test(url.pathname)) {
      const empty = url.pathname.includes('/v1/') ? ahPage([], false) : { count: 0, next: null, previous: null, results: [] };
      sendJson(response, 200, handlers.members ? handlers.members(url) : empty);
    } else if (handlers.other) await handlers.other(request, response);
    else sendJson(response, 404, { type: 'invalid_request', code: 'not_found', detail: 'Not found.', attr: null });
  });
}

/** One connected provider for `provider` at `server`, with fast retries and no gate. */
export function providerAt(provider: ProviderName, server: HostileServer, readOnly = true) {
  const org = desiredOrg({
    name: `${provider}-org`,
    provider,
    connection:
      provider === 'posthog'
        ? { baseUrl: server.url, apiKeyEnv: 'POSTHOG_PERSONAL_API_KEY', organizationId: POSTHOG_ORG }
        : { baseUrl: server.url, apiKeyEnv: 'ANTHROPIC_ADMIN_API_KEY' },
  });
  return connect([org], { env: KEYS, readOnly, budgets: new RateBudgets(), retry: FAST_RETRY, timeoutMs: 5000 })[0]!.provider;
}
