// Anthropic emulator: the API's JSON shapes and role lists (its own, never the client's).
/** Roles a member of a Console organization can hold (reference §4.1). */
export const CONSOLE_MEMBER_ROLES = ['user', 'developer', 'billing', 'admin', 'claude_code_user'] as const;
/** Roles a member of a Claude Enterprise organization can hold (reference §14.1). */
export const ENTERPRISE_MEMBER_ROLES = ['user', 'managed', 'owner', 'primary_owner', 'membership_admin'] as const;
/** Every role a member can hold, in either edition (the SDK's `OrganizationRole` union, §14.2). */
export const MEMBER_ROLES = ['user', 'developer', 'billing', 'admin', 'claude_code_user', 'managed', 'owner', 'primary_owner', 'membership_admin'] as const;
/** Roles the API can invite or assign in a Console organization: never `admin`. */
export const CONSOLE_ASSIGNABLE_ROLES = ['user', 'developer', 'billing', 'claude_code_user'] as const;
/** Roles the API can invite or assign in a Claude Enterprise organization (§14.1). */
export const ENTERPRISE_ASSIGNABLE_ROLES = ['user', 'managed'] as const;
/** Every role an invite can carry, in either edition. */
export const ASSIGNABLE_ROLES = ['user', 'developer', 'billing', 'claude_code_user', 'managed'] as const;
/** Enterprise roles the API neither assigns nor changes nor removes ("admin-type", §4.1). */
export const ENTERPRISE_ADMIN_ROLES = ['owner', 'primary_owner', 'membership_admin'] as const;
/** The two kinds of organization behind the same endpoints (§14.1). */
export const EDITIONS = ['console', 'enterprise'] as const;

export type Edition = (typeof EDITIONS)[number];

/** The roles an organization of `edition` can invite or assign, and the roles its members can hold. */
export function rolesOf(edition: Edition): { assignable: readonly AssignableRole[]; member: readonly MemberRole[] } {
  return edition === 'enterprise'
    ? { assignable: ENTERPRISE_ASSIGNABLE_ROLES, member: ENTERPRISE_MEMBER_ROLES }
    : { assignable: CONSOLE_ASSIGNABLE_ROLES, member: CONSOLE_MEMBER_ROLES };
}
/** Statuses the invites list can filter on; `deleted` invites are never listed. */
export const LISTED_STATUSES = ['accepted', 'expired', 'pending'] as const;

export type MemberRole = (typeof MEMBER_ROLES)[number];
export type AssignableRole = (typeof ASSIGNABLE_ROLES)[number];
export type InviteStatus = (typeof LISTED_STATUSES)[number] | 'deleted';

/** How long an invite stays pending: 21 days, not configurable (reference §6.1). */
export const INVITE_LIFETIME_MS = 21 * 24 * 60 * 60 * 1000;

/** An Invite exactly as the API sends it (reference §3.1). */
export interface InviteWire {
  id: string;
  type: 'invite';
  email: string;
  role: AssignableRole;
  invited_at: string;
  /** Always set by the API as far as any source shows; a seed may make it null (reference §14.7). */
  expires_at: string | null;
  status: InviteStatus;
  accepted_at: string | null;
  rbac_group_ids: string[];
}

/** A User (organization member) exactly as the API sends it (reference §3.2). */
export interface UserWire {
  id: string;
  type: 'user';
  email: string;
  name: string;
  role: MemberRole;
  added_at: string;
}

/** A list page (reference §3.4): no `object: "list"` key, ids null when `data` is empty. */
export interface ListPage<T> {
  data: T[];
  has_more: boolean;
  first_id: string | null;
  last_id: string | null;
}

/** RFC 3339 in UTC with microseconds, like the Console API (`2024-10-30T23:58:27.427000Z`). */
export function formatTimestamp(date: Date): string {
  return date.toISOString().replace(/Z$/, '000Z');
}

/** Whether `value` is one of `allowed`, narrowing its type. */
export function isOneOf<const T extends string>(allowed: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value);
}
