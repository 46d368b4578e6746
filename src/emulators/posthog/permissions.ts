// PostHog emulator: who may call what (scopes, org membership, levels).
import type { EmulatorRequest } from '../types.ts';
import { hasScope, type Caller } from './auth.ts';
import { notAuthenticated, notFound, permissionDenied } from './errors.ts';
import { ADMIN_LEVEL, type Membership, type Organization } from './model.ts';
import type { PostHogStore } from './store.ts';

/** What every handler gets: the store, the request, the caller (if any), the `{org}` path part. */
export interface RequestContext {
  store: PostHogStore;
  request: EmulatorRequest;
  caller: Caller | undefined;
  organizationParam: string;
  /** `request.data`, parsed on first use (400/415 when unreadable). */
  readData: () => unknown;
}

/** The caller's org and their membership in it. */
export interface OrganizationAccess {
  organization: Organization;
  membership: Membership;
}

/** `IsAuthenticated`: 401 `not_authenticated` (with WWW-Authenticate) when no key was sent. */
export function requireCaller(context: RequestContext): Caller {
  if (!context.caller) throw notAuthenticated(context.request.url.origin);
  return context.caller;
}

/**
 * `APIScopePermission` for a personal API key: an org-scoped key must name this org, the action
 * must declare a scope (undefined: no PAK access at all), and the key must grant it.
 */
export function checkApiScope(context: RequestContext, caller: Caller, required: string | undefined): void {
  const scoped = caller.key.organizations;
  if (scoped !== null) {
    const organizationId = context.organizationParam === '@current' ? (caller.user.currentOrganizationId ?? '@current') : context.organizationParam;
    if (!scoped.includes(organizationId.toLowerCase())) {
      throw permissionDenied(`API key does not have access to the requested organization: ID ${organizationId}.`);
    }
  }
  if (required === undefined) throw permissionDenied('This action does not support personal API key access');
  if (!hasScope(caller.key.scopes, required)) throw permissionDenied(`API key missing required scope '${required}'`);
}

/**
 * `OrganizationMemberPermissions`: resolve `{org}` (`@current` is the user's current org; a
 * malformed or unknown id is 404) and require a membership (403 generic).
 */
export function checkOrganizationMember(context: RequestContext, caller: Caller): OrganizationAccess {
  const param = context.organizationParam;
  const id = param === '@current' ? caller.user.currentOrganizationId : canonicalUuid(param);
  const organization = id === null ? undefined : context.store.organization(id);
  if (!organization) throw notFound('Organization not found.');
  const membership = context.store.membershipOf(organization.id, caller.user.id);
  if (!membership) throw permissionDenied();
  return { organization, membership };
}

/** `UserCanInvitePermission`: members may invite unless the org turned that off. */
export function checkUserCanInvite(access: OrganizationAccess): void {
  if (!access.organization.membersCanInvite && access.membership.level < ADMIN_LEVEL) throw permissionDenied();
}

/** `OrganizationAdminWritePermissions`: writes other than invites need admin or owner. */
export function checkAdminWrite(access: OrganizationAccess): void {
  if (access.membership.level < ADMIN_LEVEL) throw permissionDenied('Your organization access level is insufficient.');
}

/** Django's UUIDField accepts any case and optional hyphens; null when it is not a UUID at all. */
export function canonicalUuid(text: string): string | null {
  const hex = text.replaceAll('-', '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) return null;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
