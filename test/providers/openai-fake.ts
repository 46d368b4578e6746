// A loopback OpenAI Administration API for client tests, written from api/openai.md (not from the client's wire code).
import type { ServerResponse } from 'node:http';
import { sendJson, startHostileServer, type HostileServer, type SeenRequest } from '../helpers/hostile-server.ts';
import { connect } from '../../src/providers/connect.ts';
import { RateBudgets } from '../../src/rate-budget.ts';
import { FAST_RETRY } from '../helpers/orgs.ts';
import { desiredOrg } from '../helpers/states.ts';

export const OPENAI_KEY = 'sk-admin-hostileTestKey0123456789abcdef';
/** 2026-06-01T00:00:00Z in Unix seconds. */
export const T0 = 1_780_272_000;
/** 2099-01-01T00:00:00Z: an expiry no test reaches. */
export const FAR = 4_070_908_800;

export interface FakeInvite {
  object: 'organization.invite';
  id: string;
  email: string;
  role: string;
  status: string;
  created_at?: number;
  invited_at?: number;
  expires_at?: number | null;
  accepted_at?: number | null;
  projects?: Array<{ id: string; role: string }>;
}

/** An invite as §3.1 shows it. */
export const oaInvite = (id: string, email: string, role = 'reader', extra: Partial<FakeInvite> = {}): FakeInvite => ({
  object: 'organization.invite',
  id,
  email,
  role,
  status: 'pending',
  created_at: T0,
  expires_at: FAR,
  accepted_at: null,
  ...extra,
});

/** A user as §3.3 shows it; `email: null` is a service account. */
export const oaUser = (id: string, email: string | null, role = 'reader', extra: Record<string, unknown> = {}) => ({ object: 'organization.user', id, email, role, added_at: T0, ...extra });

const error = (response: ServerResponse, status: number, message: string, code: string | null = null) =>
  sendJson(response, status, { error: { message, type: 'invalid_request_error', param: null, code } }, { 'x-request-id': `req_${status}` });

/** One list page after `after` (exclusive), `limit` items (§5). */
function page<T extends { id: string }>(items: T[], url: URL) {
  const limit = Number(url.searchParams.get('limit') ?? 20);
  const after = url.searchParams.get('after');
  const start = after === null ? 0 : items.findIndex((item) => item.id === after) + 1;
  const data = items.slice(start, start + limit);
  return { object: 'list', data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: start + limit < items.length };
}

/** The fake's state and hooks; `override` answers a request first when it returns true. */
export interface FakeOpenAi {
  invites: FakeInvite[];
  users: Array<Record<string, unknown> & { id: string }>;
  override?: (request: SeenRequest, response: ServerResponse) => boolean;
}

/** Starts a fake that serves §2's invite and user endpoints over `state`, refusing a second pending invite (400). */
export function startFakeOpenAi(state: FakeOpenAi): Promise<HostileServer> {
  let next = 1;
  return startHostileServer((request, response) => {
    if (state.override?.(request, response)) return;
    const url = new URL(request.url, 'http://127.0.0.1');
    if (request.headers.authorization !== `Bearer ${OPENAI_KEY}`) return error(response, 401, 'Incorrect API key provided.', 'invalid_api_key');
    const one = /^\/v1\/organization\/invites\/([^/]+)$/.exec(url.pathname);
    if (url.pathname === '/v1/organization/users' && request.method === 'GET') return sendJson(response, 200, page(state.users, url));
    if (url.pathname === '/v1/organization/invites' && request.method === 'GET') return sendJson(response, 200, page(state.invites, url));
    if (url.pathname === '/v1/organization/invites' && request.method === 'POST') {
      const body = JSON.parse(request.body) as { email: string; role: string; projects?: FakeInvite['projects'] };
      if (state.invites.some((invite) => invite.email === body.email && invite.status === 'pending')) return error(response, 400, `An invite for ${body.email} already exists.`);
      const created = oaInvite(`invite-${next++}`, body.email, body.role, { projects: body.projects ?? [] });
      state.invites.unshift(created);
      return sendJson(response, 200, created, { 'x-request-id': 'req_create' });
    }
    const invite = one ? state.invites.find((candidate) => candidate.id === decodeURIComponent(one[1]!)) : undefined;
    if (one && !invite) return error(response, 404, 'No such invite.');
    if (invite && request.method === 'GET') return sendJson(response, 200, invite);
    if (invite && request.method === 'DELETE') {
      if (invite.status === 'accepted') return error(response, 400, 'An accepted invite cannot be deleted.');
      state.invites.splice(state.invites.indexOf(invite), 1);
      return sendJson(response, 200, { object: 'organization.invite.deleted', id: invite.id, deleted: true }, { 'x-request-id': 'req_delete' });
    }
    return error(response, 404, 'Unknown path.');
  });
}

/** A connected OpenAI provider at `server`, with fast retries and no gate. */
export function openAiAt(server: HostileServer, readOnly = false) {
  const org = desiredOrg({ name: 'gpt', provider: 'openai', connection: { baseUrl: server.url, apiKeyEnv: 'OPENAI_ADMIN_KEY' } });
  return connect([org], { env: { OPENAI_ADMIN_KEY: OPENAI_KEY }, readOnly, budgets: new RateBudgets(), retry: FAST_RETRY, timeoutMs: 5000 })[0]!.provider;
}
