// OpenAI emulator: auth, URL routing and the invite and user handlers.
import type { EmulatorRequest } from '../types.ts';
import { parseCreateInvite, parseUpdateUser } from './body.ts';
import { OpenAIApiError, notFound } from './errors.ts';
import { paginate, parsePageQuery, repeatedParam } from './pagination.ts';
import type { OpenAIState, StoredInvite, StoredUser } from './state.ts';
import type { DeletedWire, InviteWire, ListPage, UserWire } from './wire.ts';

/** The Bearer token, if any. `OpenAI-Organization`, `OpenAI-Project` and `X-Stainless-*` are ignored (§9). */
export function credentialOf(request: EmulatorRequest): string | undefined {
  const value = request.headers.authorization;
  const header = Array.isArray(value) ? value[0] : value;
  return /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
}

/**
 * 401 `invalid_api_key` for a missing or unknown key (the reference's choice, §9); the message
 * never repeats the key. Returns whether the key is an admin key.
 */
function authenticate(request: EmulatorRequest, state: OpenAIState): boolean {
  const credential = credentialOf(request);
  if (credential === undefined) {
    throw new OpenAIApiError(401, "You didn't provide an API key. Provide your Admin API key in an Authorization header using Bearer auth (Authorization: Bearer YOUR_KEY).", { code: 'invalid_api_key' });
  }
  const key = state.keys.find((k) => k.key === credential);
  if (!key) throw new OpenAIApiError(401, 'Incorrect API key provided. You can find your Admin API keys in your organization settings.', { code: 'invalid_api_key' });
  return key.kind === 'admin';
}

interface Context {
  request: EmulatorRequest;
  state: OpenAIState;
  id: string;
  query: URLSearchParams;
}

interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  path: RegExp;
  handle: (context: Context) => unknown;
}

const INVITES = /^\/v1\/organization\/invites$/;
const INVITE = /^\/v1\/organization\/invites\/([^/]+)$/;
const USERS = /^\/v1\/organization\/users$/;
const USER = /^\/v1\/organization\/users\/([^/]+)$/;

/** The endpoints of reference §2. */
const ROUTES: readonly Route[] = [
  { method: 'POST', path: INVITES, handle: createInvite },
  { method: 'GET', path: INVITES, handle: listInvites },
  { method: 'GET', path: INVITE, handle: ({ state, id }) => state.inviteWire(existingInvite(state, id)) },
  { method: 'DELETE', path: INVITE, handle: deleteInvite },
  { method: 'GET', path: USERS, handle: listUsers },
  { method: 'GET', path: USER, handle: ({ state, id }) => state.userWire(existingUser(state, id)) },
  { method: 'POST', path: USER, handle: updateUser },
  { method: 'DELETE', path: USER, handle: removeUser },
];

/**
 * The body of the 200 answer, or throws `OpenAIApiError`. Order: key (401), path (404), method
 * (405, a choice), then a non-admin key (401 or 403 as seeded, UNCONFIRMED).
 */
export function route(request: EmulatorRequest, state: OpenAIState): unknown {
  const admin = authenticate(request, state);
  const path = request.url.pathname;
  const onPath = ROUTES.filter((r) => r.path.test(path));
  if (onPath.length === 0) throw new OpenAIApiError(404, `Invalid URL (${request.method} ${path})`);
  const match = onPath.find((r) => r.method === request.method);
  if (!match) throw new OpenAIApiError(405, `Method ${request.method} is not allowed on ${path}.`);
  if (!admin) throw new OpenAIApiError(state.nonAdminKeyStatus, 'This endpoint requires an Admin API key; project and user API keys cannot be used on administration endpoints.');
  let id = '';
  try {
    id = decodeURIComponent(match.path.exec(path)?.[1] ?? '');
  } catch {
    throw notFound('object');
  }
  return match.handle({ request, state, id, query: request.url.searchParams });
}

function createInvite({ request, state }: Context): InviteWire {
  const { email, role, projects } = parseCreateInvite(request, state.projects);
  return state.inviteWire(state.createInvite(email, role, projects ?? []));
}

/** Newest first (a choice); deleted invites are never listed; a read-after-write lag (a fault) hides new ones. */
function listInvites({ state, query }: Context): ListPage<InviteWire> {
  const page = parsePageQuery(query);
  const cutoff = state.readLag.cutoff(page.after === undefined);
  const visible = (invite: StoredInvite) => !invite.deletedAt && (cutoff === undefined || invite.createdAt.getTime() <= cutoff);
  const result = paginate(state.allInvites(), visible, page);
  return { object: 'list', ...result, data: result.data.map((invite) => state.inviteWire(invite)) };
}

/** Pending or expired (a choice) → 200; accepted → 400 (a choice); unknown or deleted → 404. */
function deleteInvite({ state, id }: Context): DeletedWire {
  const invite = existingInvite(state, id);
  state.deleteInvite(invite);
  return { object: 'organization.invite.deleted', id: invite.id, deleted: true };
}

/** Most recently added first; `emails[]` or repeated `emails`, matched case-insensitively (a choice). */
function listUsers({ state, query }: Context): ListPage<UserWire> {
  const page = parsePageQuery(query);
  const emails = new Set(repeatedParam(query, 'emails').map((e) => e.trim().toLowerCase()));
  const visible = (user: StoredUser) => !user.removedAt && (emails.size === 0 || (typeof user.email === 'string' && emails.has(user.email.toLowerCase())));
  const result = paginate(state.allUsers(), visible, page);
  return { object: 'list', ...result, data: result.data.map((user) => state.userWire(user)) };
}

function updateUser({ request, state, id }: Context): UserWire {
  const user = existingUser(state, id);
  const { role } = parseUpdateUser(request);
  if (role !== undefined) state.updateRole(user, role);
  return state.userWire(user);
}

function removeUser({ state, id }: Context): DeletedWire {
  const user = existingUser(state, id);
  state.removeUser(user);
  return { object: 'organization.user.deleted', id: user.id, deleted: true };
}

function existingInvite(state: OpenAIState, id: string): StoredInvite {
  const invite = state.findInvite(id);
  if (!invite) throw notFound(`invite: ${id}`);
  return invite;
}

function existingUser(state: OpenAIState, id: string): StoredUser {
  const user = state.findUser(id);
  if (!user) throw notFound(`user: ${id}`);
  return user;
}
