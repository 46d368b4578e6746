// Anthropic emulator: the user endpoints (list, get, update, remove).
import { requireScope } from './auth.ts';
import { parseUpdateUser } from './body.ts';
import { notFound } from './errors.ts';
import { normalizeEmail } from './email.ts';
import { enumValues, paginate, parsePageQuery } from './pagination.ts';
import type { RouteContext } from './route-context.ts';
import type { StoredUser } from './state.ts';
import { isOneOf, MEMBER_ROLES } from './wire.ts';
import type { ListPage, UserWire } from './wire.ts';

/**
 * `GET /v1/organizations/users`: most recently added first; `email` matches case-insensitively
 * and tolerates `+tag` variants; `roles[]` values are OR'ed.
 */
export function listUsers({ state, query }: RouteContext): ListPage<UserWire> {
  const page = parsePageQuery(query);
  const roles = enumValues(query, 'roles', MEMBER_ROLES);
  const email = query.get('email');
  const wanted = email ? normalizeEmail(email) : undefined;
  const visible = (user: StoredUser) =>
    !user.removedAt &&
    (roles.length === 0 || isOneOf(roles, user.role)) &&
    (wanted === undefined || normalizeEmail(user.email) === wanted);
  const result = paginate(state.allUsers(), visible, page);
  return { ...result, data: result.data.map((user) => state.userWire(user)) };
}

/** `GET /v1/organizations/users/{id}`. */
export function retrieveUser({ state, id }: RouteContext): UserWire {
  return state.userWire(existingUser(state.findUser(id)));
}

/** `POST /v1/organizations/users/{id}`: changes the role (the method is POST, not PATCH). */
export function updateUser({ request, state, id, key }: RouteContext): UserWire {
  const user = existingUser(state.findUser(id));
  const { role } = parseUpdateUser(request, state.organization.edition);
  if (role === 'managed') requireScope(key, 'write:rbac_groups');
  state.updateUserRole(user, role);
  return state.userWire(user);
}

/** `DELETE /v1/organizations/users/{id}`: removes a member other than an admin. */
export function removeUser({ state, id }: RouteContext): { id: string; type: 'user_deleted' } {
  const user = existingUser(state.findUser(id));
  state.removeUser(user);
  return { id: user.id, type: 'user_deleted' };
}

function existingUser(user: StoredUser | undefined): StoredUser {
  if (!user) throw notFound();
  return user;
}
