// OpenAI emulator: the Admin API's JSON shapes and enums (its own, never the client's).
/** Organization roles an invite carries and a user is documented to hold (reference §4). */
export const ORG_ROLES = ['owner', 'reader'] as const;
/** Roles on a project granted by an invite (reference §3.1). */
export const PROJECT_ROLES = ['member', 'owner'] as const;
/** Invite statuses; there is no `deleted`: a deleted invite disappears (reference §3.1). */
export const INVITE_STATUSES = ['accepted', 'expired', 'pending'] as const;
/** What a create does for an email that already has a pending invite (UNCONFIRMED, reference §9). */
export const DUPLICATE_MODES = ['refuse', 'replace', 'duplicate'] as const;

export type OrgRole = (typeof ORG_ROLES)[number];
export type ProjectRole = (typeof PROJECT_ROLES)[number];
export type InviteStatus = (typeof INVITE_STATUSES)[number];
export type DuplicateMode = (typeof DUPLICATE_MODES)[number];

/** A project grant on an invite. */
export interface ProjectGrant {
  id: string;
  role: ProjectRole;
}

/** An Invite as the current spec sends it (reference §3.1); the 2024 shape has `invited_at` and no `projects` (§12.1). */
export interface InviteWire {
  object: 'organization.invite';
  id: string;
  email: string;
  role: OrgRole;
  status: InviteStatus;
  created_at?: number;
  invited_at?: number;
  expires_at: number | null;
  accepted_at: number | null;
  projects?: ProjectGrant[];
}

/** A User (reference §3.3): `email` may be null or absent (service accounts). */
export interface UserWire {
  object: 'organization.user';
  id: string;
  name: string | null;
  email?: string | null;
  role: string | null;
  added_at: number;
  is_default: boolean;
  is_service_account: boolean;
  is_scim_managed: boolean;
}

/** A list page (reference §3.6): ids null on an empty page. */
export interface ListPage<T> {
  object: 'list';
  data: T[];
  first_id: string | null;
  last_id: string | null;
  has_more: boolean;
}

/** A delete answer (reference §3.5). */
export interface DeletedWire {
  object: 'organization.invite.deleted' | 'organization.user.deleted';
  id: string;
  deleted: true;
}

/** Unix seconds, as every timestamp on this API (reference §3.7). */
export function unixSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

/** Whether `value` is one of `allowed`, narrowing its type. */
export function isOneOf<const T extends string>(allowed: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value);
}
