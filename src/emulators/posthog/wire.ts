// PostHog emulator: stored rows as the API's JSON (its own types, never the client's).
import type { Invite, Level, Membership, ProjectAccess, User } from './model.ts';
import type { PostHogStore } from './store.ts';

/** `UserBasic`, as embedded in invites (`created_by`) and members (`user`). */
export interface WireUserBasic {
  id: number;
  uuid: string;
  distinct_id: string;
  first_name: string;
  last_name: string;
  email: string;
  is_email_verified: boolean;
  hedgehog_config: null;
  role_at_organization: null;
}

/** The invite object of api/posthog.md §3, fields in serializer order. */
export interface WireInvite {
  id: string;
  target_email: string | null;
  first_name: string;
  emailing_attempt_made: boolean;
  level: Level;
  is_expired: boolean;
  created_by: WireUserBasic | null;
  created_at: string;
  updated_at: string;
  message: string | null;
  private_project_access: ProjectAccess[] | null;
}

/** The member object of api/posthog.md §11. */
export interface WireMember {
  id: string;
  user: WireUserBasic;
  level: Level;
  joined_at: string;
  updated_at: string;
  is_2fa_enabled: boolean;
  has_social_auth: boolean;
  last_login: string | null;
}

/** DRF's rendering of an aware UTC datetime: isoformat with microseconds (dropped when zero), `Z`. */
export function formatMicros(micros: number): string {
  const whole = Math.floor(micros / 1_000_000);
  const fraction = micros - whole * 1_000_000;
  const seconds = new Date(whole * 1000).toISOString().slice(0, 19);
  return fraction === 0 ? `${seconds}Z` : `${seconds}.${String(fraction).padStart(6, '0')}Z`;
}

export function toWireUser(user: User): WireUserBasic {
  return {
    id: user.id,
    uuid: user.uuid,
    distinct_id: user.distinctId,
    first_name: user.firstName,
    last_name: user.lastName,
    email: user.email,
    is_email_verified: true,
    hedgehog_config: null,
    role_at_organization: null,
  };
}

/** An invite as the API shows it; `is_expired` is computed from the store's clock now. */
export function toWireInvite(store: PostHogStore, invite: Invite): WireInvite {
  const creator = store.userById(invite.createdById);
  return {
    id: invite.id,
    target_email: invite.targetEmail,
    first_name: invite.firstName,
    emailing_attempt_made: invite.emailingAttemptMade,
    level: invite.level,
    is_expired: store.isExpired(invite),
    created_by: creator ? toWireUser(creator) : null,
    created_at: formatMicros(invite.createdAt),
    updated_at: formatMicros(invite.updatedAt),
    message: invite.message,
    private_project_access: invite.privateProjectAccess === null ? null : invite.privateProjectAccess.map((access) => ({ ...access })),
  };
}

export function toWireMember(store: PostHogStore, membership: Membership): WireMember {
  return {
    id: membership.id,
    user: toWireUser(store.userOf(membership)),
    level: membership.level,
    joined_at: formatMicros(membership.joinedAt),
    updated_at: formatMicros(membership.updatedAt),
    is_2fa_enabled: false,
    has_social_auth: false,
    last_login: null,
  };
}
