// Anthropic emulator: the invite endpoints (create, get, list, delete).
import { requireScope } from './auth.ts';
import { parseCreateInvite } from './body.ts';
import { notFound } from './errors.ts';
import { normalizeEmail } from './email.ts';
import { enumValues, paginate, parsePageQuery } from './pagination.ts';
import type { RouteContext } from './route-context.ts';
import type { StoredInvite } from './state.ts';
import { isOneOf, LISTED_STATUSES, MEMBER_ROLES } from './wire.ts';
import type { InviteWire, ListPage } from './wire.ts';

/** `POST /v1/organizations/invites`: creates a pending invite and sends its email. */
export function createInvite({ request, state, key }: RouteContext): InviteWire {
  const { email, role, rbacGroupIds } = parseCreateInvite(request, state.organization.edition);
  // `managed` and groups are set through RBAC: an Enterprise key also needs write:rbac_groups (§14.1).
  if (role === 'managed' || rbacGroupIds.length > 0) requireScope(key, 'write:rbac_groups');
  return state.inviteWire(state.createInvite(email, role, rbacGroupIds));
}

/** `GET /v1/organizations/invites/{id}`: unknown and deleted invites are 404. */
export function retrieveInvite({ state, id }: RouteContext): InviteWire {
  return state.inviteWire(existingInvite(state.findInvite(id)));
}

/** `DELETE /v1/organizations/invites/{id}`: only a pending invite can be withdrawn. */
export function deleteInvite({ state, id }: RouteContext): { id: string; type: 'invite_deleted' } {
  const invite = existingInvite(state.findInvite(id));
  state.deleteInvite(invite);
  return { id: invite.id, type: 'invite_deleted' };
}

/**
 * `GET /v1/organizations/invites`: newest first, deleted ones never listed; optional `email`
 * (normalized), `statuses[]` and `roles[]` filters, values OR'ed within each.
 */
export function listInvites({ state, query }: RouteContext): ListPage<InviteWire> {
  const page = parsePageQuery(query);
  const statuses = enumValues(query, 'statuses', LISTED_STATUSES);
  // Filters accept every member role, `admin` included, though no invite can carry it.
  const roles = enumValues(query, 'roles', MEMBER_ROLES);
  const email = query.get('email');
  const wanted = email ? normalizeEmail(email) : undefined;
  // A read-after-write lag (a fault) hides invites created too recently; a cursor marks a later page.
  const cutoff = state.readLag.cutoff(!query.has('after_id') && !query.has('before_id'));
  const visible = (invite: StoredInvite) => {
    const status = state.statusOf(invite);
    return (
      status !== 'deleted' &&
      (cutoff === undefined || invite.invitedAt.getTime() <= cutoff) &&
      (statuses.length === 0 || isOneOf(statuses, status)) &&
      (roles.length === 0 || isOneOf(roles, invite.role)) &&
      (wanted === undefined || normalizeEmail(invite.email) === wanted)
    );
  };
  const result = paginate(state.allInvites(), visible, page);
  return { ...result, data: result.data.map((invite) => state.inviteWire(invite)) };
}

function existingInvite(invite: StoredInvite | undefined): StoredInvite {
  if (!invite) throw notFound();
  return invite;
}

