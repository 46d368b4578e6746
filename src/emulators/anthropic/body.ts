// Anthropic emulator: validating invite and user update bodies.
import type { EmulatorRequest } from '../types.ts';
import { isWellFormedEmail } from './email.ts';
import { invalidRequest, quotedList } from './errors.ts';
import { isOneOf, rolesOf } from './wire.ts';
import type { AssignableRole, Edition } from './wire.ts';

/** A validated `POST /v1/organizations/invites` body. */
export interface CreateInviteBody {
  email: string;
  role: AssignableRole;
  rbacGroupIds: string[];
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

function assignableRole(value: unknown, edition: Edition): AssignableRole {
  if (value === undefined) throw invalidRequest('role: Field required');
  // `admin` (and Enterprise's admin-type roles) are member roles but can never be invited or assigned through the API.
  const allowed = rolesOf(edition).assignable;
  if (!isOneOf(allowed, value)) throw invalidRequest(`role: Input should be ${quotedList(allowed)}`);
  return value;
}

/** Validates a create-invite body: `email` and `role` required; `rbac_group_ids` non-empty only in an Enterprise org. */
export function parseCreateInvite(request: EmulatorRequest, edition: Edition): CreateInviteBody {
  const body = jsonObject(request);
  rejectUnknown(body, ['email', 'role', 'rbac_group_ids']);
  const { email, rbac_group_ids: groups } = body;
  if (email === undefined) throw invalidRequest('email: Field required');
  if (typeof email !== 'string') throw invalidRequest('email: Input should be a valid string');
  if (!isWellFormedEmail(email)) throw invalidRequest('email: value is not a valid email address');
  const role = assignableRole(body.role, edition);
  if (groups !== undefined) {
    if (!Array.isArray(groups) || !groups.every((id) => typeof id === 'string')) throw invalidRequest('rbac_group_ids: Input should be a valid list of strings');
    // RBAC groups exist only in Claude Enterprise organizations.
    if (groups.length > 0 && edition !== 'enterprise') {
      throw invalidRequest('rbac_group_ids: RBAC groups are only available to Claude Enterprise organizations.');
    }
  }
  return { email, role, rbacGroupIds: (groups as string[] | undefined) ?? [] };
}

/** Validates an update-user body: exactly `{ role }` with an assignable role. */
export function parseUpdateUser(request: EmulatorRequest, edition: Edition): UpdateUserBody {
  const body = jsonObject(request);
  rejectUnknown(body, ['role']);
  return { role: assignableRole(body.role, edition) };
}
