// Anthropic emulator: validating invite and user update bodies.
import type { EmulatorRequest } from '../types.ts';
import { isWellFormedEmail } from './email.ts';
import { invalidRequest, quotedList } from './errors.ts';
import { ASSIGNABLE_ROLES, isOneOf } from './wire.ts';
import type { AssignableRole } from './wire.ts';

/** A validated `POST /v1/organizations/invites` body. */
export interface CreateInviteBody {
  email: string;
  role: AssignableRole;
}

/** A validated `POST /v1/organizations/users/{id}` body. */
export interface UpdateUserBody {
  role: AssignableRole;
}

/** The request's JSON object, parsed from the raw text so malformed JSON gets the API's 400. */
function jsonObject(request: EmulatorRequest): Record<string, unknown> {
  let body: unknown = request.body;
  if (body === undefined && request.rawBody.trim() !== '') {
    try {
      body = JSON.parse(request.rawBody);
    } catch {
      throw invalidRequest('The request body is not valid JSON.');
    }
  }
  if (body === undefined) throw invalidRequest('The request body is missing; it must be a JSON object.');
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidRequest('Input should be a valid dictionary or object');
  }
  return body as Record<string, unknown>;
}

/** Unknown properties are refused, as the schema has `additionalProperties: false` (reference §9). */
function rejectUnknown(body: Record<string, unknown>, known: readonly string[]): void {
  const extra = Object.keys(body).find((key) => !known.includes(key));
  if (extra !== undefined) throw invalidRequest(`${extra}: Extra inputs are not permitted`);
}

function assignableRole(value: unknown): AssignableRole {
  if (value === undefined) throw invalidRequest('role: Field required');
  // `admin` is a member role but can never be invited or assigned through the API.
  if (!isOneOf(ASSIGNABLE_ROLES, value)) throw invalidRequest(`role: Input should be ${quotedList(ASSIGNABLE_ROLES)}`);
  return value;
}

/** Validates a create-invite body: `email` and `role` required, `rbac_group_ids` only empty. */
export function parseCreateInvite(request: EmulatorRequest): CreateInviteBody {
  const body = jsonObject(request);
  rejectUnknown(body, ['email', 'role', 'rbac_group_ids']);
  const { email, rbac_group_ids: groups } = body;
  if (email === undefined) throw invalidRequest('email: Field required');
  if (typeof email !== 'string') throw invalidRequest('email: Input should be a valid string');
  if (!isWellFormedEmail(email)) throw invalidRequest('email: value is not a valid email address');
  const role = assignableRole(body.role);
  if (groups !== undefined) {
    if (!Array.isArray(groups)) throw invalidRequest('rbac_group_ids: Input should be a valid list');
    // RBAC groups exist only in Claude Enterprise organizations; this emulates a Console one.
    if (groups.length > 0) {
      throw invalidRequest('rbac_group_ids: RBAC groups are only available to Claude Enterprise organizations.');
    }
  }
  return { email, role };
}

/** Validates an update-user body: exactly `{ role }` with an assignable role. */
export function parseUpdateUser(request: EmulatorRequest): UpdateUserBody {
  const body = jsonObject(request);
  rejectUnknown(body, ['role']);
  return { role: assignableRole(body.role) };
}
