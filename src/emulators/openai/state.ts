// OpenAI emulator: the in-memory organization (keys, users, invites, emails sent, modes).
import { randomInt } from 'node:crypto';
import { ReadLag } from '../read-lag.ts';
import type { Clock } from '../types.ts';
import { invalidRequest } from './errors.ts';
import type { ParsedOpenAISeed } from './seed.ts';
import { unixSeconds } from './wire.ts';
import type { DuplicateMode, InviteStatus, InviteWire, OrgRole, ProjectGrant, UserWire } from './wire.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** An invite as stored; deleted ones stay (hidden) so that a cursor naming them still anchors a page. */
export interface StoredInvite {
  id: string;
  email: string;
  role: OrgRole;
  createdAt: Date;
  expiresAt: Date | null;
  acceptedAt: Date | null;
  deletedAt: Date | null;
  /** Seeded `status: expired` (needed when `expires_at` is null, §12.3). */
  forcedExpired: boolean;
  projects: ProjectGrant[];
  seq: number;
}

/** A user as stored; `email` undefined means the key is absent on the wire. */
export interface StoredUser {
  id: string;
  email: string | null | undefined;
  name: string | null;
  role: string | null;
  addedAt: Date;
  isDefault: boolean;
  isServiceAccount: boolean;
  isScimManaged: boolean;
  removedAt: Date | null;
  seq: number;
}

/** An API key the organization knows. */
export interface StoredKey {
  key: string;
  kind: 'admin' | 'project';
}

/** A fresh id: `prefix` and 24 letters and digits (invites use a hyphen, users an underscore, §3.7). */
function newId(prefix: 'invite-' | 'user_'): string {
  let body = '';
  while (body.length < 24) body += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return prefix + body;
}

const newestFirst = <T extends { seq: number }>(at: (item: T) => Date) => (a: T, b: T) => at(b).getTime() - at(a).getTime() || b.seq - a.seq;

/** One organization in memory; statuses are computed from the clock at read time. */
export class OpenAIState {
  readonly keys: readonly StoredKey[];
  readonly organization: { id: string; name: string };
  readonly projects: ReadonlySet<string> | undefined;
  nonAdminKeyStatus: 401 | 403;
  duplicateMode: DuplicateMode;
  inviteFields: 'current' | '2024';
  lifetimeDays: number | null;
  readonly readLag: ReadLag;
  readonly #clock: Clock;
  readonly #invites = new Map<string, StoredInvite>();
  readonly #users = new Map<string, StoredUser>();
  readonly #emailsSent = new Map<string, number>();
  #seq = 0;

  constructor(seed: ParsedOpenAISeed, clock: Clock) {
    this.#clock = clock;
    this.readLag = new ReadLag(clock);
    this.organization = { ...seed.organization };
    this.keys = seed.api_keys.map((k) => ({ key: k.key, kind: k.kind }));
    this.projects = seed.projects && new Set(seed.projects.map((p) => p.id));
    this.nonAdminKeyStatus = seed.non_admin_key_status;
    this.duplicateMode = seed.duplicate_invites;
    this.inviteFields = seed.invite_fields;
    this.lifetimeDays = seed.invite_lifetime_days;
    const now = clock.now().getTime();
    const at = (iso: string | undefined, age: number | undefined) => new Date(iso !== undefined ? Date.parse(iso) : now - (age ?? 0) * DAY_MS);
    for (const u of seed.users) {
      this.#putUser({
        id: u.id ?? newId('user_'),
        email: u.email,
        name: u.name ?? null,
        role: u.role,
        addedAt: at(u.added_at, u.age_days),
        isDefault: u.is_default,
        isServiceAccount: u.is_service_account,
        isScimManaged: u.is_scim_managed,
      });
    }
    for (const i of seed.invites) {
      const invite = this.#putInvite(i.id, i.email, i.role, at(i.created_at, i.age_days), i.projects);
      if (i.expires_at === null) invite.expiresAt = null;
      invite.forcedExpired = i.status === 'expired';
      if (i.status === 'accepted') invite.acceptedAt = i.accepted_at === undefined ? invite.createdAt : new Date(i.accepted_at);
      if (this.duplicateMode !== 'duplicate' && this.statusOf(invite) === 'pending' && this.pendingInvitesFor(i.email).length > 1) {
        throw new Error(`OpenAI seed: two pending invites for ${i.email}`);
      }
    }
  }

  /** The status now: `pending` past `expires_at` reads `expired` (reference §9). */
  statusOf(invite: StoredInvite): InviteStatus {
    if (invite.acceptedAt) return 'accepted';
    if (invite.forcedExpired) return 'expired';
    if (invite.expiresAt && this.#clock.now().getTime() >= invite.expiresAt.getTime()) return 'expired';
    return 'pending';
  }

  /** Every invite ever made, deleted ones included, newest first. */
  allInvites(): StoredInvite[] {
    return [...this.#invites.values()].sort(newestFirst((i) => i.createdAt));
  }

  /** Every user ever added, removed ones included, most recently added first. */
  allUsers(): StoredUser[] {
    return [...this.#users.values()].sort(newestFirst((u) => u.addedAt));
  }

  /** The invite with this id, unless unknown or deleted. */
  findInvite(id: string): StoredInvite | undefined {
    const invite = this.#invites.get(id);
    return invite && !invite.deletedAt ? invite : undefined;
  }

  /** The user with this id, unless unknown or removed. */
  findUser(id: string): StoredUser | undefined {
    const user = this.#users.get(id);
    return user && !user.removedAt ? user : undefined;
  }

  /** The current user with this email, case-insensitively (a choice: the reference leaves case UNCONFIRMED). */
  memberFor(email: string): StoredUser | undefined {
    const wanted = email.trim().toLowerCase();
    return [...this.#users.values()].find((u) => !u.removedAt && typeof u.email === 'string' && u.email.toLowerCase() === wanted);
  }

  /** The live pending invites for an email, case-insensitively. */
  pendingInvitesFor(email: string): StoredInvite[] {
    const wanted = email.trim().toLowerCase();
    return [...this.#invites.values()].filter((i) => !i.deletedAt && this.statusOf(i) === 'pending' && i.email.toLowerCase() === wanted);
  }

  /**
   * Creates an invite and "sends" its email. A member's email gets 400; an email with a pending
   * invite follows the duplicate mode (400 by default); an expired invite does not stop a new one.
   */
  createInvite(email: string, role: OrgRole, projects: ProjectGrant[]): StoredInvite {
    if (this.memberFor(email)) throw invalidRequest(`${email} is already a member of this organization.`, 'email');
    const pending = this.pendingInvitesFor(email);
    if (pending.length > 0 && this.duplicateMode === 'refuse') {
      throw invalidRequest(`An invite for ${email} is already pending (${pending[0]!.id}).`, 'email');
    }
    if (this.duplicateMode === 'replace') for (const old of pending) old.deletedAt = this.#clock.now();
    const invite = this.#putInvite(undefined, email, role, this.#clock.now(), projects);
    const address = email.trim().toLowerCase();
    this.#emailsSent.set(address, (this.#emailsSent.get(address) ?? 0) + 1);
    return invite;
  }

  /** Deletes a pending or expired invite; an accepted one "cannot be deleted" (400, a choice of status). */
  deleteInvite(invite: StoredInvite): void {
    if (this.statusOf(invite) === 'accepted') throw invalidRequest(`Invite ${invite.id} has already been accepted and cannot be deleted.`);
    invite.deletedAt = this.#clock.now();
  }

  /** Test hook: the invitee accepts; a user with the invite's role is added. */
  acceptInvite(email: string): StoredUser {
    const [invite] = this.pendingInvitesFor(email);
    if (!invite) throw new Error(`no pending invite for ${email}`);
    if (this.memberFor(email)) throw new Error(`${email} is already a member`);
    invite.acceptedAt = this.#clock.now();
    return this.#putUser({ id: newId('user_'), email: invite.email, name: null, role: invite.role, addedAt: invite.acceptedAt, isDefault: false, isServiceAccount: false, isScimManaged: false });
  }

  /** Changes a user's role; SCIM-managed users and the last owner's demotion are refused (400, a choice). */
  updateRole(user: StoredUser, role: OrgRole): void {
    if (user.isScimManaged) throw invalidRequest(`User ${user.id} is managed through SCIM; change it in your identity provider.`);
    if (user.role === 'owner' && role !== 'owner' && this.#ownerCount() === 1) throw invalidRequest('The organization must keep at least one owner.', 'role');
    user.role = role;
  }

  /** Removes a user; SCIM-managed users and the last owner are refused (400, a choice). */
  removeUser(user: StoredUser): void {
    if (user.isScimManaged) throw invalidRequest(`User ${user.id} is managed through SCIM; remove it in your identity provider.`);
    if (user.role === 'owner' && this.#ownerCount() === 1) throw invalidRequest('The organization must keep at least one owner.');
    user.removedAt = this.#clock.now();
  }

  /** Invite emails sent to one address (case-insensitive), or in all. */
  emailsSent(email?: string): number {
    if (email !== undefined) return this.#emailsSent.get(email.trim().toLowerCase()) ?? 0;
    return [...this.#emailsSent.values()].reduce((sum, n) => sum + n, 0);
  }

  /** The invite on the wire, in the current or the 2024 shape. */
  inviteWire(invite: StoredInvite): InviteWire {
    const created = unixSeconds(invite.createdAt);
    const drift = this.inviteFields === '2024';
    return {
      object: 'organization.invite',
      id: invite.id,
      email: invite.email,
      role: invite.role,
      status: this.statusOf(invite),
      ...(drift ? { invited_at: created } : { created_at: created }),
      expires_at: invite.expiresAt && unixSeconds(invite.expiresAt),
      accepted_at: invite.acceptedAt && unixSeconds(invite.acceptedAt),
      ...(!drift && { projects: invite.projects.map((p) => ({ ...p })) }),
    };
  }

  /** The user on the wire; an absent email stays absent. */
  userWire(user: StoredUser): UserWire {
    return {
      object: 'organization.user',
      id: user.id,
      name: user.name,
      ...(user.email !== undefined && { email: user.email }),
      role: user.role,
      added_at: unixSeconds(user.addedAt),
      is_default: user.isDefault,
      is_service_account: user.isServiceAccount,
      is_scim_managed: user.isScimManaged,
    };
  }

  #ownerCount(): number {
    return [...this.#users.values()].filter((u) => !u.removedAt && u.role === 'owner').length;
  }

  #putInvite(id: string | undefined, email: string, role: OrgRole, createdAt: Date, projects: ProjectGrant[]): StoredInvite {
    const expiresAt = this.lifetimeDays === null ? null : new Date(createdAt.getTime() + this.lifetimeDays * DAY_MS);
    const invite: StoredInvite = { id: id ?? newId('invite-'), email, role, createdAt, expiresAt, acceptedAt: null, deletedAt: null, forcedExpired: false, projects: projects.map((p) => ({ ...p })), seq: this.#seq++ };
    this.#invites.set(invite.id, invite);
    return invite;
  }

  #putUser(u: Omit<StoredUser, 'removedAt' | 'seq'>): StoredUser {
    const user: StoredUser = { ...u, removedAt: null, seq: this.#seq++ };
    this.#users.set(user.id, user);
    return user;
  }
}
