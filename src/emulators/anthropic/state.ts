// Anthropic emulator: the in-memory organization (members, invites, keys, emails sent).
import type { Clock } from '../types.ts';
import { ReadLag } from '../read-lag.ts';
import { normalizeEmail } from './email.ts';
import { AnthropicApiError, concurrentChange, invalidRequest } from './errors.ts';
import { newId } from './ids.ts';
import type { ParsedAnthropicSeed } from './seed.ts';
import { ENTERPRISE_ADMIN_ROLES, formatTimestamp, INVITE_LIFETIME_MS, isOneOf } from './wire.ts';
import type { AssignableRole, Edition, InviteStatus, InviteWire, MemberRole, UserWire } from './wire.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** An invite as stored; its status is derived from these fields and the clock. */
export interface StoredInvite {
  id: string;
  email: string;
  role: AssignableRole;
  invitedAt: Date;
  acceptedAt: Date | null;
  deletedAt: Date | null;
  /** Enterprise RBAC groups the invite grants; always empty in a Console org. */
  rbacGroupIds: string[];
  /** The API reports `expires_at: null` for this invite (a seeded oddity, reference §14.7). */
  noExpiry: boolean;
  /** Creation order, to break ties between equal timestamps. */
  seq: number;
}

/** A member as stored; removed members stay so that cursors naming them still anchor a page. */
export interface StoredUser {
  id: string;
  email: string;
  name: string;
  role: MemberRole;
  addedAt: Date;
  removedAt: Date | null;
  /** Provisioned by the org's SCIM/IdP: the API refuses to change or remove it, and the User object does not say so (§13.3). */
  scimManaged: boolean;
  seq: number;
}

/** An API key the organization accepts; `scopes` undefined means a full Console Admin key. */
export interface StoredKey {
  key: string;
  scopes: readonly string[] | undefined;
}

/** `jane.doe@x.com` → `Jane Doe`: members always have a name, seeds and hooks may omit it. */
function nameFromEmail(email: string): string {
  const local = email.split('@')[0] ?? email;
  return local
    .split(/[._+-]+/)
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join(' ');
}

/** Newest first, later-created first on equal times (reference §5). */
function newestFirst<T extends { seq: number }>(time: (item: T) => Date): (a: T, b: T) => number {
  return (a, b) => time(b).getTime() - time(a).getTime() || b.seq - a.seq;
}

/**
 * One Console or Enterprise organization's invites, members and keys, with the rules the API enforces on
 * them. Times come from the injected clock, so expiry moves when tests advance it.
 */
export class AnthropicState {
  readonly organization: { id: string; name: string; allowed_email_domains?: string[] | undefined; edition: Edition };
  readonly keys: readonly StoredKey[];
  readonly #clock: Clock;
  readonly #invites = new Map<string, StoredInvite>();
  readonly #users = new Map<string, StoredUser>();
  readonly #emailsSent = new Map<string, number>();
  #seq = 0;
  /** Member removals still to refuse with 409 `concurrent_membership_change` (a seeded fault, §14.5). */
  #pendingConflicts: number;

  /** The read-after-write fault for invite lists (off unless the server's faults set it). */
  readonly readLag: ReadLag;

  constructor(seed: ParsedAnthropicSeed, clock: Clock) {
    this.#clock = clock;
    this.readLag = new ReadLag(clock);
    this.organization = { ...seed.organization };
    this.keys = seed.api_keys.map((k) => ({ key: k.key, scopes: k.scopes }));
    this.#pendingConflicts = seed.concurrent_membership_changes;
    const now = clock.now().getTime();
    const at = (iso: string | undefined, age: number | undefined) =>
      new Date(iso !== undefined ? Date.parse(iso) : now - (age ?? 0) * DAY_MS);
    for (const u of seed.users) {
      this.#putUser({ id: u.id, email: u.email, name: u.name, role: u.role, addedAt: at(u.added_at, u.age_days), scimManaged: u.scim_managed });
    }
    for (const i of seed.invites) {
      const invitedAt = at(i.invited_at, i.age_days);
      const invite = this.#putInvite(i.id, i.email, i.role, invitedAt);
      invite.noExpiry = i.expires_at === null;
      if (i.status === 'accepted') invite.acceptedAt = i.accepted_at === undefined ? invitedAt : new Date(i.accepted_at);
      if (i.status === 'deleted') invite.deletedAt = invitedAt;
      if (this.statusOf(invite) === 'pending' && this.#pendingInviteFor(invite.email, invite.id)) {
        throw new Error(`Anthropic seed: two pending invites for ${invite.email}`);
      }
    }
  }

  /** The invite's status now: pending turns expired once `expires_at` has passed. */
  statusOf(invite: StoredInvite): InviteStatus {
    if (invite.deletedAt) return 'deleted';
    if (invite.acceptedAt) return 'accepted';
    return this.#clock.now().getTime() >= invite.invitedAt.getTime() + INVITE_LIFETIME_MS ? 'expired' : 'pending';
  }

  /** All invites ever created, deleted ones included, newest first. */
  allInvites(): StoredInvite[] {
    return [...this.#invites.values()].sort(newestFirst((i) => i.invitedAt));
  }

  /** All members ever added, removed ones included, most recently added first. */
  allUsers(): StoredUser[] {
    return [...this.#users.values()].sort(newestFirst((u) => u.addedAt));
  }

  /** The invite with this id, unless unknown or deleted. */
  findInvite(id: string): StoredInvite | undefined {
    const invite = this.#invites.get(id);
    return invite && !invite.deletedAt ? invite : undefined;
  }

  /** The member with this id, unless unknown or removed. */
  findUser(id: string): StoredUser | undefined {
    const user = this.#users.get(id);
    return user && !user.removedAt ? user : undefined;
  }

  /** The current member whose address matches `email` (case-insensitive, `+tag` ignored). */
  memberFor(email: string): StoredUser | undefined {
    const wanted = normalizeEmail(email);
    return [...this.#users.values()].find((u) => !u.removedAt && normalizeEmail(u.email) === wanted);
  }

  /**
   * Creates an invite and "sends" its email, or refuses with the API's 400s: the address is
   * already a member (`already_member`) or already has a pending invite (`invite_already_exists`).
   */
  createInvite(email: string, role: AssignableRole, rbacGroupIds: string[] = []): StoredInvite {
    const domains = this.organization.allowed_email_domains;
    const domain = email.trim().toLowerCase().split('@').pop() ?? '';
    if (domains && !domains.some((allowed) => allowed.toLowerCase() === domain)) {
      throw invalidRequest(`This organization only allows invites to ${domains.join(', ')}; ${email} is not allowed.`, 'email_domain_not_allowed');
    }
    const member = this.memberFor(email);
    if (member) {
      throw invalidRequest(`${email} is already a member of this organization (${member.id}).`, 'already_member');
    }
    const pending = this.#pendingInviteFor(email);
    if (pending) {
      throw invalidRequest(`A pending invite (${pending.id}) already exists for ${email}.`, 'invite_already_exists');
    }
    const invite = this.#putInvite(undefined, email, role, this.#clock.now());
    invite.rbacGroupIds = [...rbacGroupIds];
    const address = email.trim().toLowerCase();
    this.#emailsSent.set(address, (this.#emailsSent.get(address) ?? 0) + 1);
    return invite;
  }

  /** Withdraws a pending invite; accepted and expired ones get 400 (reference §6.4). */
  deleteInvite(invite: StoredInvite): void {
    const status = this.statusOf(invite);
    if (status === 'accepted') {
      throw invalidRequest(`Invite ${invite.id} has already been accepted; remove the user instead.`);
    }
    if (status === 'expired') throw invalidRequest(`Invite ${invite.id} has expired and cannot be deleted.`);
    invite.deletedAt = this.#clock.now();
  }

  /** Test hook: the invitee accepts, becoming a member with the invite's role. */
  acceptInvite(email: string): StoredUser {
    const invite = this.#pendingInviteFor(email);
    if (!invite) throw new Error(`no pending invite for ${email}`);
    if (this.memberFor(invite.email)) throw new Error(`${email} is already a member`);
    invite.acceptedAt = this.#clock.now();
    return this.#putUser({ email: invite.email, role: invite.role, addedAt: invite.acceptedAt });
  }

  /** Test hook: adds a member directly (as SSO or the Console UI would). */
  addUser(email: string, role: MemberRole, name?: string, scimManaged = false): StoredUser {
    if (this.memberFor(email)) throw new Error(`${email} is already a member`);
    return this.#putUser({ email, role, name, addedAt: this.#clock.now(), scimManaged });
  }

  /**
   * Removes a member (§13.2). Refusals in this order (the order is the emulator's choice): a
   * seeded concurrent change (409), an admin or admin-type member (400), a SCIM-managed member
   * (400), the organization's only member (400 `cannot_remove_last_member`).
   */
  removeUser(user: StoredUser): void {
    if (this.#pendingConflicts > 0) {
      this.#pendingConflicts -= 1;
      throw concurrentChange();
    }
    refuseProtected(user, 'removed');
    if (this.allUsers().filter((u) => !u.removedAt).length === 1) throw lastMember();
    user.removedAt = this.#clock.now();
  }

  /** Changes a member's role (§13.1); admins, admin-type and SCIM-managed members are refused (400). */
  updateUserRole(user: StoredUser, role: AssignableRole): void {
    refuseProtected(user, 'changed');
    user.role = role;
  }

  /** Invite emails sent to one address (case-insensitive), or to everyone. */
  emailsSent(email?: string): number {
    if (email !== undefined) return this.#emailsSent.get(email.trim().toLowerCase()) ?? 0;
    return [...this.#emailsSent.values()].reduce((sum, n) => sum + n, 0);
  }

  /** The invite on the wire, with its live status. */
  inviteWire(invite: StoredInvite): InviteWire {
    return {
      id: invite.id,
      type: 'invite',
      email: invite.email,
      role: invite.role,
      invited_at: formatTimestamp(invite.invitedAt),
      expires_at: invite.noExpiry ? null : formatTimestamp(new Date(invite.invitedAt.getTime() + INVITE_LIFETIME_MS)),
      status: this.statusOf(invite),
      accepted_at: invite.acceptedAt ? formatTimestamp(invite.acceptedAt) : null,
      rbac_group_ids: [...invite.rbacGroupIds],
    };
  }

  /** The member on the wire. */
  userWire(user: StoredUser): UserWire {
    return {
      id: user.id,
      type: 'user',
      email: user.email,
      name: user.name,
      role: user.role,
      added_at: formatTimestamp(user.addedAt),
    };
  }

  #pendingInviteFor(email: string, exceptId?: string): StoredInvite | undefined {
    const wanted = normalizeEmail(email);
    return [...this.#invites.values()].find(
      (i) => i.id !== exceptId && this.statusOf(i) === 'pending' && normalizeEmail(i.email) === wanted,
    );
  }

  #putInvite(id: string | undefined, email: string, role: AssignableRole, invitedAt: Date): StoredInvite {
    const invite: StoredInvite = {
      id: id ?? newId('invite_'),
      email,
      role,
      invitedAt,
      acceptedAt: null,
      deletedAt: null,
      rbacGroupIds: [],
      noExpiry: false,
      seq: this.#seq++,
    };
    this.#invites.set(invite.id, invite);
    return invite;
  }

  #putUser(u: { id?: string | undefined; email: string; name?: string | undefined; role: MemberRole; addedAt: Date; scimManaged?: boolean }): StoredUser {
    const user: StoredUser = {
      id: u.id ?? newId('user_'),
      email: u.email,
      name: u.name ?? nameFromEmail(u.email),
      role: u.role,
      addedAt: u.addedAt,
      removedAt: null,
      scimManaged: u.scimManaged ?? false,
      seq: this.#seq++,
    };
    this.#users.set(user.id, user);
    return user;
  }
}

/**
 * The 400s for members the API never changes or removes (§13.1–13.2). Their status is the
 * reference's "400 likely" for Console admins; the messages are the emulator's choice, and no
 * `error_code` is sent because the SDK declares none for them (UNCONFIRMED).
 */
function refuseProtected(user: StoredUser, action: 'changed' | 'removed'): void {
  if (user.role === 'admin') throw invalidRequest(`Admins cannot be ${action} via the API; manage them in the Console.`);
  if (isOneOf(ENTERPRISE_ADMIN_ROLES, user.role)) throw invalidRequest(`Members with the ${user.role} role cannot be ${action} via the API.`);
  if (user.scimManaged) throw invalidRequest(`This member is managed by your identity provider (SCIM) and cannot be ${action} via the API.`);
}

/** 400 `cannot_remove_last_member` (SDK 1.15.0, §12); the message is the emulator's choice. */
function lastMember(): AnthropicApiError {
  return invalidRequest("The organization's only member cannot be removed.", 'cannot_remove_last_member');
}
