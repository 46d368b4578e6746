// PostHog emulator: changing a member's level and removing a member (api/posthog.md §11.3–11.5).
import type { EmulatorResponse } from '../types.ts';
import { notFound, permissionDenied, PostHogError, validationError } from './errors.ts';
import { choiceField, pythonTypeName } from './fields.ts';
import { ADMIN_LEVEL, LEVELS, type Level, type Membership } from './model.ts';
import { canonicalUuid, checkApiScope, checkOrganizationMember, requireCaller, type OrganizationAccess, type RequestContext } from './permissions.ts';
import { toWireMember } from './wire.ts';

const WRITE = 'organization_member:write';
const OWNER_LEVEL: Level = 15;

/** The exact `detail` texts of the member catalogue (§11.5). */
export const MEMBER_ERRORS = {
  ownLevel: "You can't change your own access level.",
  editOthersNeedsAdmin: 'You can only edit others if you are an admin.',
  targetAbove: 'You can only edit others with level lower or equal to you.',
  ownerNeedsOwner: "You can only make another member owner if you're this organization's owner.",
  levelAboveCaller: 'You can only change access level of others to lower or equal to your current one.',
  ownerCannotLeave: 'Cannot leave the organization as its owner!',
} as const;

/** PATCH/PUT …/members/{user_uuid}/: `{"level": 1|8|15}`; every other field is read-only and ignored. */
export function updateMember(context: RequestContext, lookup: string): EmulatorResponse {
  const { access, target } = memberTarget(context, lookup);
  // DRF order: get_object (object permission) → is_valid (the 400 for a bad level) → save (validate_update).
  const level = parseLevel(context.readData());
  if (level !== undefined) {
    validateUpdate(access.membership, target, level);
    context.store.setLevel(target, level);
  }
  return { status: 200, body: toWireMember(context.store, target) };
}

/** DELETE …/members/{user_uuid}/: the object permission, then `User.leave()`, which refuses owners. */
export function removeMember(context: RequestContext, lookup: string): EmulatorResponse {
  const { target } = memberTarget(context, lookup);
  if (target.level === OWNER_LEVEL) throw validationError('invalid', MEMBER_ERRORS.ownerCannotLeave);
  context.store.removeMembership(target);
  return { status: 204 };
}

/**
 * The chain every member write shares: authenticated → write scope → org member → the target by
 * the USER's uuid (or `@me`) → `OrganizationMemberObjectPermissions`.
 */
function memberTarget(context: RequestContext, lookup: string): { access: OrganizationAccess; target: Membership } {
  const caller = requireCaller(context);
  checkApiScope(context, caller, WRITE);
  const access = checkOrganizationMember(context, caller);
  const target = lookup === '@me' ? access.membership : findTarget(context, access, lookup);
  checkObjectPermission(access.membership, target);
  return { access, target };
}

function findTarget(context: RequestContext, access: OrganizationAccess, lookup: string): Membership {
  const uuid = canonicalUuid(lookup);
  // get_object_or_404 lets Django's UUID ValidationError through: a server error (§11.1, read from code).
  if (uuid === null) throw new PostHogError(500, { type: 'server_error', code: 'error', detail: 'A server error occurred.', attr: null });
  const target = context.store.reachableMembership(access.organization.id, uuid);
  if (!target) throw notFound();
  return target;
}

/** §11.3 step 2, for PATCH, PUT and DELETE: editing someone else needs admin and a target not above you. */
function checkObjectPermission(caller: Membership, target: Membership): void {
  if (target === caller) return;
  if (caller.level < ADMIN_LEVEL) throw permissionDenied(MEMBER_ERRORS.editOthersNeedsAdmin);
  if (target.level > caller.level) throw permissionDenied(MEMBER_ERRORS.targetAbove);
}

/** `OrganizationMembership.validate_update` (§11.3 step 3): several owners are allowed; the caller stays owner. */
function validateUpdate(caller: Membership, target: Membership, level: Level): void {
  if (target === caller) throw permissionDenied(MEMBER_ERRORS.ownLevel);
  if (level === OWNER_LEVEL && caller.level !== OWNER_LEVEL) throw permissionDenied(MEMBER_ERRORS.ownerNeedsOwner);
  if (level > caller.level) throw permissionDenied(MEMBER_ERRORS.levelAboveCaller);
}

/** The serializer's `level` ChoiceField; absent means "no change" (PUT too: every writable field is optional). */
function parseLevel(data: unknown): Level | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw validationError('invalid', `Invalid data. Expected a dictionary, but got ${pythonTypeName(data)}.`);
  }
  const result = choiceField(data as Record<string, unknown>, 'level', LEVELS);
  if (result.kind === 'failure') throw validationError(result.failure.code, result.failure.detail, 'level');
  return result.kind === 'value' ? result.value : undefined;
}
