// Anthropic emulator: URL routing to the invite and user handlers.
import type { EmulatorRequest } from '../types.ts';
import { authenticate, authorize, requireVersion } from './auth.ts';
import type { Access } from './auth.ts';
import { AnthropicApiError, notFound } from './errors.ts';
import { createInvite, deleteInvite, listInvites, retrieveInvite } from './invite-routes.ts';
import type { RouteContext } from './route-context.ts';
import type { AnthropicState } from './state.ts';
import { listUsers, removeUser, retrieveUser, updateUser } from './user-routes.ts';

interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  /** Matches the path; group 1, when present, is the resource id. */
  path: RegExp;
  /** The scope a scoped key needs; `undefined` for routes any organization key may call. */
  access: Access | undefined;
  handle: (context: RouteContext) => unknown;
}

const ME = /^\/v1\/organizations\/me$/;
const INVITES = /^\/v1\/organizations\/invites$/;
const INVITE = /^\/v1\/organizations\/invites\/([^/]+)$/;
const USERS = /^\/v1\/organizations\/users$/;
const USER = /^\/v1\/organizations\/users\/([^/]+)$/;

/** The endpoints of reference §2 that the emulator serves. */
const ROUTES: readonly Route[] = [
  { method: 'GET', path: ME, access: undefined, handle: ({ state }) => ({ id: state.organization.id, type: 'organization', name: state.organization.name }) },
  { method: 'POST', path: INVITES, access: 'write', handle: createInvite },
  { method: 'GET', path: INVITES, access: 'read', handle: listInvites },
  { method: 'GET', path: INVITE, access: 'read', handle: retrieveInvite },
  { method: 'DELETE', path: INVITE, access: 'write', handle: deleteInvite },
  { method: 'GET', path: USERS, access: 'read', handle: listUsers },
  { method: 'GET', path: USER, access: 'read', handle: retrieveUser },
  { method: 'POST', path: USER, access: 'write', handle: updateUser },
  { method: 'DELETE', path: USER, access: 'write', handle: removeUser },
];

function decodeId(segment: string | undefined): string {
  try {
    return decodeURIComponent(segment ?? '');
  } catch {
    throw notFound();
  }
}

/**
 * Answers one request with the body of its 200 response, or throws `AnthropicApiError`.
 * Order: credentials (401), version header (400), route (404/405), scope (403).
 * Query parameters the API does not know, such as the SDK's `beta=true`, are ignored.
 */
export function route(request: EmulatorRequest, state: AnthropicState): unknown {
  const key = authenticate(request, state.keys);
  requireVersion(request);
  const path = request.url.pathname;
  const onPath = ROUTES.filter((r) => r.path.test(path));
  if (onPath.length === 0) throw notFound();
  const method = request.method.toUpperCase();
  const match = onPath.find((r) => r.method === method);
  if (!match) throw new AnthropicApiError(405, 'invalid_request_error', `Method ${method} is not allowed on ${path}.`);
  if (match.access !== undefined) authorize(key, match.access);
  const id = decodeId(match.path.exec(path)?.[1]);
  return match.handle({ request, state, id, query: request.url.searchParams, key });
}
