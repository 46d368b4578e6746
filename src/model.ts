// The plain types of desired state, current state, plans and apply results, shared by every part.
import type { ProviderName } from './providers/registry.ts';
import type { RateWindow } from './rate-budget.ts';

export type { ProviderName };

/** Emails compare lower-cased and trimmed everywhere (DESIGN §2). */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** When a plan is refused for deleting too much (DESIGN §5). */
export interface SafetyLimits {
  /** Unsafe when deletes exceed this count … */
  maxDeletes: number;
  /** … and this share of the org's current pending invites. */
  maxDeleteRatio: number;
  /** Unsafe when member removals exceed this count (default 2) … */
  maxMemberRemovals?: number;
  /** … and this share of the org's members (default 0.05). */
  maxMemberRemovalRatio?: number;
}

/** One project grant on an invite: the API's own project id (a number or a string, as the API has it) and level. */
export interface ProjectGrant {
  id: number | string;
  level: string;
}

/** One invite the config asks for. `access` is the API's access word (its config's `accessField`). */
export interface DesiredInvite {
  /** Lower-cased and trimmed. */
  email: string;
  access: string;
  firstName?: string;
  message?: string;
  /** Last day (UTC, `YYYY-MM-DD`) on which the grant is wanted; absent means no end. */
  until?: string;
  /** Project grants the invite must carry; absent: not managed (a re-invite keeps the current ones). */
  projects?: ProjectGrant[];
  /** The config names this person with `override_protection: true`: a protected member may be changed or removed. */
  overrideProtection?: boolean;
  /** Why the person is wanted, only when a group is involved: group names, and `direct` when also listed in the org. */
  via?: string[];
}

/**
 * How an org's members are managed (the org key `members`, issue #16): `report` shows the member
 * changes `manage` would make without ever applying them; `manage` applies them.
 */
export type MembersMode = 'report' | 'manage';

/** Member management for one org; absent on a `DesiredOrg`, members are left alone (`members: ignore`). */
export interface MemberManagement {
  mode: MembersMode;
  /** The key's own user, as the config names it (`key_owner`): never demoted or removed without an override. */
  keyOwner?: string;
  /** Member access words that make someone an owner: the org's last owner is never demoted or removed. */
  ownerAccess: readonly string[];
  /** Owner- and admin-type access words: such members are never demoted or removed without an override. */
  protectedAccess: readonly string[];
  /** Access words whose holders the API refuses to change or remove: no override plans a change it would refuse. */
  fixedAccess?: readonly string[];
}

/** How to reach one org's API; resolved from the config, never holding the key itself. */
export interface OrgConnection {
  /** Origin of the API, e.g. `https://api.example.com`. */
  baseUrl: string;
  /** Name of the environment variable that holds the API key. */
  apiKeyEnv: string;
  /** For APIs whose key reaches several orgs: the org's id in the API. */
  organizationId?: string;
}

/** One org as the config wants it. */
export interface DesiredOrg {
  /** The user's name for the org (a key under `orgs:`). */
  name: string;
  provider: ProviderName;
  connection: OrgConnection;
  /** Delete pending invites that are neither listed nor ignored. */
  prune: boolean;
  /** Re-send invites that expired. */
  reinviteExpired: boolean;
  /** Lower-cased glob patterns (`*`, `?`) of emails never created or deleted. */
  ignore: string[];
  safety: SafetyLimits;
  invites: DesiredInvite[];
  /** The key's request limits for a custom plan; when absent, the provider's published ones. */
  rateWindows?: readonly RateWindow[];
  /** Member management; absent: members are left alone (`members: ignore`, the default). */
  members?: MemberManagement;
}

/** The whole desired state: every org in config order. */
export interface DesiredState {
  orgs: DesiredOrg[];
}

/** Where an invite stands at the API. `pending` past its expiry counts as expired. */
export type InviteStatus = 'pending' | 'expired' | 'accepted';

/** One invite as the API reports it, in model terms. */
export interface CurrentInvite {
  /** The API's id for the invite. */
  id: string;
  /** Lower-cased and trimmed. */
  email: string;
  access: string;
  status: InviteStatus;
  /** RFC 3339. */
  createdAt: string;
  /** RFC 3339, when the API says; an API that only flags expiry reports it as status. */
  expiresAt?: string;
  /** Project grants the invite carries, where the API has them; absent means none. */
  projects?: ProjectGrant[];
  /** An invite without an email (a link invite): `email` is empty; anyone with its link may use it. */
  link?: boolean;
}

/** One member of the org (they accepted an invite, or joined some other way). */
export interface CurrentMember {
  /** Lower-cased and trimmed. */
  email: string;
  access: string;
  /** The API's id for the member, the one its update and remove calls take (PostHog: the user's uuid). */
  id?: string;
  /** Why the API itself marks this member as not to be changed, where it says so. */
  managedBy?: MemberManagedBy;
}

/** What the API says makes a member unchangeable through it: SCIM/IdP, a service account, the org's default user. */
export type MemberManagedBy = 'scim' | 'service-account' | 'default-user';

/** Why a member the config would change or remove is left alone (shown in the plan, never discovered at apply). */
export type MemberProtection = 'owner' | 'admin' | 'self' | 'last-owner' | MemberManagedBy | 'no-id' | 'api-refuses';

/** Everything read from one org's API: all invites (every status) and all members, all pages. */
export interface CurrentOrg {
  invites: CurrentInvite[];
  members: CurrentMember[];
}

/** The current state of every org read, by org name. */
export interface CurrentState {
  orgs: Record<string, CurrentOrg>;
}

export type ChangeAction = 'create' | 'replace' | 'delete' | 'change-role' | 'remove-member';

/** Why a member is removed: not listed (and not ignored) under `members: manage`, or their `until:` has passed. */
export type RemoveReason = 'unlisted' | 'ended';

/** Why an invite is re-sent: its level/role changed, it expired, or only its project grants changed. */
export type ReplaceReason = 'role' | 'expired' | 'projects';

/** What every change names: the org and the invitee. */
interface ChangeBase {
  org: string;
  email: string;
}

/** Invite someone who has no invite. */
export interface CreateChange extends ChangeBase {
  action: 'create';
  /** Access to invite with. */
  to: string;
  /** Sent with the invite email, where the API takes them. */
  firstName?: string;
  message?: string;
  /** Project grants to send with the invite. */
  projects?: ProjectGrant[];
  /** The desired invite's `via` (groups), shown to reviewers; not part of the fingerprint. */
  via?: string[];
  reason?: never;
  from?: never;
  inviteId?: never;
  inviteStatus?: never;
}

/** Re-send an invite: its access changed, or it expired. */
export interface ReplaceChange extends ChangeBase {
  action: 'replace';
  reason: ReplaceReason;
  /** Access of the invite being replaced. */
  from: string;
  to: string;
  /** The current invite it supersedes; not part of the fingerprint. */
  inviteId: string;
  /** Status of that invite: a replace of an expired invite creates without deleting. */
  inviteStatus: InviteStatus;
  firstName?: string;
  message?: string;
  /** Project grants to send: the config's, or else the replaced invite's (a create drops them otherwise). */
  projects?: ProjectGrant[];
  /** The replaced invite's project grants, when the re-invite is for them (reason `projects`). */
  fromProjects?: ProjectGrant[];
  /** The desired invite's `via` (groups); not part of the fingerprint. */
  via?: string[];
}

/** Revoke a pending invite. */
export interface DeleteChange extends ChangeBase {
  action: 'delete';
  /** Access of the invite being revoked. */
  from: string;
  /** The invite revoked; not part of the fingerprint. */
  inviteId: string;
  inviteStatus: InviteStatus;
  to?: never;
  reason?: never;
  firstName?: never;
  message?: never;
  projects?: never;
  fromProjects?: never;
  via?: never;
}

/** What every member write names besides the org and the email: the member's API id, and no invite. */
interface MemberChangeBase extends ChangeBase {
  /** The member's API id (`CurrentMember.id`); not part of the fingerprint. */
  memberId: string;
  firstName?: never;
  message?: never;
  projects?: never;
  fromProjects?: never;
  inviteId?: never;
  inviteStatus?: never;
}

/** Change a member's level/role to the listed one (`members: manage`). */
export interface MemberRoleChange extends MemberChangeBase {
  action: 'change-role';
  from: string;
  to: string;
  /** The desired entry's `via` (groups); not part of the fingerprint. */
  via?: string[];
  reason?: never;
}

/** Remove a member from the org (`members: manage`). */
export interface MemberRemoveChange extends MemberChangeBase {
  action: 'remove-member';
  reason: RemoveReason;
  /** The member's access now. */
  from: string;
  to?: never;
  via?: never;
}

/** A write to a member rather than an invite. */
export type MemberChange = MemberRoleChange | MemberRemoveChange;

/** One write the plan asks for: exactly the fields of its action. */
export type Change = CreateChange | ReplaceChange | DeleteChange | MemberChange;

/** Why a listed or found invitee needs no change. */
export type KeptReason =
  | 'unchanged' // desired and pending with the same access
  | 'member' // desired and already a member
  | 'unmanaged' // pending, not desired, and prune is off
  | 'ignored' // pending and matched by ignore
  | 'expired-not-reinvited' // desired, only an expired invite, reinvite_expired is off
  | 'grant-ended' // desired until a date that has passed, and nothing to revoke
  | 'protected'; // a member the config would change or remove, but who is protected (see `Kept.protection`)

/** An invitee the plan leaves alone, for the renderers' "current vs desired" view. */
export interface Kept {
  email: string;
  access: string;
  reason: KeptReason;
  /** For `protected`: why, and what the config would have done (the listed access, or `remove`). */
  protection?: MemberProtection;
  wanted?: string;
}

/** The mass-delete guard's verdict for one org (DESIGN §5). */
export interface SafetyVerdict {
  ok: boolean;
  /** Pending invites the plan revokes: its deletes, plus re-invites that revoke first (where a create does not replace). */
  deletes: number;
  /** How many of `deletes` are re-invites (a replace that revokes, then creates); absent when none. */
  reinvites?: number;
  /** Managed pending invites the org has now (the ratio's denominator; see `OrgPlan.pending`). */
  pending: number;
  limits: SafetyLimits;
  /** Members the plan removes (`remove-member`), guarded apart from revokes; absent when members are not managed. */
  removals?: number;
  /** The org's members (the removal ratio's denominator); present with `removals`. */
  members?: number;
}

/** The plan for one org. */
export interface OrgPlan {
  name: string;
  provider: ProviderName;
  changes: Change[];
  kept: Kept[];
  /** How many members the org has in all. */
  members: number;
  /**
   * How many unexpired pending invites the org has now that this config manages (the mass-delete
   * ratio's denominator): not ignored, and listed in the config or, with `prune: true`, any.
   */
  pending: number;
  /** Invites without an email (link invites) the org has; absent when none. */
  linkInvites?: LinkInvites;
  /** With `members: report`: the member changes `manage` would make, shown and never applied (nor fingerprinted); absent otherwise. */
  reported?: MemberChange[];
}

/** An org's invites without an email: they cannot be listed in a config; `prune: true` revokes the pending ones. */
export interface LinkInvites {
  /** Unexpired: usable by anyone holding the link. */
  pending: number;
  expired: number;
  /** Whether the plan revokes the pending ones (prune is on). */
  revoked: boolean;
}

/** The whole plan: orgs in config order, changes in a deterministic order within each. */
export interface Plan {
  orgs: OrgPlan[];
}

/**
 * What became of one planned change: `applied` (the API confirmed it), `confirmed` (the outcome
 * was unclear, and a re-read or a 404 showed it done), `failed`, or `skipped` (not attempted).
 */
export type ChangeOutcome = 'applied' | 'confirmed' | 'failed' | 'skipped';

/** Why a change failed or was skipped, in the API's own terms where it gave any. */
export interface ChangeFailure {
  message: string;
  status?: number;
  /** The API's machine code, e.g. `email_domain_not_allowed`. */
  code?: string;
  requestId?: string;
}

/** One planned change and what became of it. */
export interface ChangeResult {
  change: Change;
  outcome: ChangeOutcome;
  failure?: ChangeFailure;
  /** The API request id of the call that settled it, when known. */
  requestId?: string;
}

/** Every planned change's result, in plan order. */
export interface ApplyReport {
  results: ChangeResult[];
}
