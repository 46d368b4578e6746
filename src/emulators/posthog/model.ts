// PostHog emulator: the rows it stores, close to PostHog's tables.
/** The emulator's rows, close to PostHog's tables; times are microseconds since the epoch. */

/** 1 member, 8 administrator, 15 owner. */
export type Level = 1 | 8 | 15;

/** Levels from lowest to highest, for choice validation. */
export const LEVELS: readonly Level[] = [1, 8, 15];

/** PostHog's administrator level; deleting invites needs at least this. */
export const ADMIN_LEVEL: Level = 8;

/** One entry of `private_project_access`. */
export interface ProjectAccess {
  id: number;
  level: string;
}

export interface Organization {
  id: string;
  name: string;
  membersCanInvite: boolean;
  projectIds: Set<number>;
}

export interface User {
  id: number;
  uuid: string;
  distinctId: string;
  email: string;
  firstName: string;
  lastName: string;
  currentOrganizationId: string | null;
  /** Deactivated users keep their memberships but are hidden from `/members/` (§14.3). */
  isActive: boolean;
}

export interface Membership {
  id: string;
  organizationId: string;
  userId: number;
  level: Level;
  joinedAt: number;
  updatedAt: number;
  /** Insertion order, to break ties between equal timestamps. */
  seq: number;
  /** A guest membership (fork-only, §14.3): hidden from `/members/`, still "already belongs". */
  isGuest?: boolean;
}

export interface PersonalApiKey {
  value: string;
  userId: number;
  label: string;
  scopes: string[];
  /** null: every organization the owner belongs to. */
  organizations: string[] | null;
}

export interface Invite {
  id: string;
  organizationId: string;
  /** Null for old link invites (§14.1): the API lists them but cannot create one. */
  targetEmail: string | null;
  firstName: string;
  level: Level;
  message: string | null;
  privateProjectAccess: ProjectAccess[] | null;
  createdById: number | null;
  createdAt: number;
  updatedAt: number;
  emailingAttemptMade: boolean;
  /** Insertion order, to break ties between equal timestamps. */
  seq: number;
}

/** A create request after validation (the serializer's `validated_data`). */
export interface InviteInput {
  targetEmail: string;
  firstName: string;
  level: Level;
  message: string | null;
  privateProjectAccess: ProjectAccess[] | null;
  sendEmail: boolean;
  combinePendingInvites: boolean;
}

/** INVITE_DAYS_VALIDITY = 3, in microseconds. */
export const INVITE_VALIDITY_MICROS = 3 * 24 * 60 * 60 * 1_000_000;
