// PostHog emulator: the in-memory store of orgs, users, memberships, keys and invites.
import { randomBytes, randomUUID } from 'node:crypto';
import { ReadLag } from '../read-lag.ts';
import type { Clock } from '../types.ts';
import { validationError } from './errors.ts';
import {
  INVITE_VALIDITY_MICROS,
  type Invite,
  type InviteInput,
  type Level,
  type Membership,
  type Organization,
  type PersonalApiKey,
  type ProjectAccess,
  type User,
} from './model.ts';

/** PostHog hides its internal bot users from member lists. */
const BOT_EMAIL_SUFFIX = '@posthogbot.user';

/** A new user's details. */
export interface NewUser {
  email: string;
  firstName?: string;
  lastName?: string;
  uuid?: string;
  isActive?: boolean;
}

/**
 * PostHog's tables in memory, with the model-level rules: replace-on-reinvite, expiry,
 * acceptance. Permission and request validation live in the route handlers.
 */
export class PostHogStore {
  readonly organizations = new Map<string, Organization>();
  readonly users = new Map<number, User>();
  readonly #memberships: Membership[] = [];
  readonly keys = new Map<string, PersonalApiKey>();
  invites: Invite[] = [];
  readonly #clock: Clock;
  readonly #emails = new Map<string, number>();
  // Indexes for the lookups every request makes; big seeds hold thousands of rows.
  readonly #usersByEmail = new Map<string, User>();
  readonly #membershipsByKey = new Map<string, Membership>();
  readonly #usersByUuid = new Map<string, User>();
  #seq = 0;
  #lastStamp = 0;
  #nextUserId = 1;
  /** false: an older self-hosted release (before PR #26404), whose create keeps earlier invites (§14.5). */
  replaceOnCreate = true;

  /** The read-after-write fault for invite lists (off unless the server's faults set it). */
  readonly readLag: ReadLag;

  constructor(clock: Clock) {
    this.#clock = clock;
    this.readLag = new ReadLag(clock);
  }

  /** The clock's time in microseconds (DRF renders timestamps with microseconds). */
  nowMicros(): number {
    return this.#clock.now().getTime() * 1000;
  }

  /** A row timestamp: now, but strictly after the previous one, as rows saved one by one are. */
  stamp(): number {
    this.#lastStamp = Math.max(this.nowMicros(), this.#lastStamp + 1);
    return this.#lastStamp;
  }

  nextSeq(): number {
    return ++this.#seq;
  }

  /** `created_at < now − 3 days`, evaluated against the clock on every call. */
  isExpired(invite: Invite): boolean {
    return invite.createdAt < this.nowMicros() - INVITE_VALIDITY_MICROS;
  }

  organization(id: string): Organization | undefined {
    return this.organizations.get(id.toLowerCase());
  }

  /** Case-insensitive: PostHog user emails are unique regardless of case. */
  userByEmail(email: string): User | undefined {
    return this.#usersByEmail.get(email.toLowerCase());
  }

  /** The user with this canonical (lower-case, hyphenated) uuid. */
  userByUuid(uuid: string): User | undefined {
    return this.#usersByUuid.get(uuid);
  }

  /**
   * The membership `/members/{user_uuid}/` can reach: the queryset hides bots, inactive users
   * and guests, so theirs are "not found" although they exist (§11.1).
   */
  reachableMembership(organizationId: string, userUuid: string): Membership | undefined {
    const user = this.userByUuid(userUuid);
    const membership = user && this.membershipOf(organizationId, user.id);
    return membership && membership.isGuest !== true && this.#isListedUser(user) ? membership : undefined;
  }

  /** Sets a member's level, saving the row (its `updated_at` moves). */
  setLevel(membership: Membership, level: Level): void {
    membership.level = level;
    membership.updatedAt = this.stamp();
  }

  /**
   * `User.leave()` without its owner check: drops the membership and, if it was the user's
   * current organization, moves them to another of theirs (or none).
   */
  removeMembership(membership: Membership): void {
    this.#memberships.splice(this.#memberships.indexOf(membership), 1);
    this.#membershipsByKey.delete(`${membership.organizationId} ${membership.userId}`);
    const user = this.#user(membership.userId);
    if (user.currentOrganizationId === membership.organizationId) {
      user.currentOrganizationId = this.#memberships.find((m) => m.userId === user.id)?.organizationId ?? null;
    }
  }

  membershipOf(organizationId: string, userId: number): Membership | undefined {
    return this.#membershipsByKey.get(`${organizationId} ${userId}`);
  }

  /** Every invite of the org, expired included, newest first (`-created_at`, then newest row). */
  invitesOf(organizationId: string): Invite[] {
    return this.invites
      .filter((invite) => invite.organizationId === organizationId)
      .sort((a, b) => b.createdAt - a.createdAt || b.seq - a.seq);
  }

  /** The org's visible members (bots, inactive users and guests excluded), most recently joined first. */
  membersOf(organizationId: string): Membership[] {
    return this.#memberships
      .filter((m) => m.organizationId === organizationId && m.isGuest !== true && this.#isListedUser(this.#user(m.userId)))
      .sort((a, b) => b.joinedAt - a.joinedAt || b.seq - a.seq);
  }

  userOf(membership: Membership): User {
    return this.#user(membership.userId);
  }

  userById(id: number | null): User | undefined {
    return id === null ? undefined : this.users.get(id);
  }

  /** Case-insensitive, as `user__email__iexact` is. */
  hasMemberEmail(organizationId: string, email: string): boolean {
    const user = this.userByEmail(email);
    return user !== undefined && this.membershipOf(organizationId, user.id) !== undefined;
  }

  /**
   * The serializer's `create()`: refuse members, optionally combine with pending invites, delete
   * every earlier invite for the email (expired too), insert, and send the email.
   */
  createInvite(organizationId: string, input: InviteInput, createdById: number | null): Invite {
    if (this.hasMemberEmail(organizationId, input.targetEmail)) {
      throw validationError('invalid', 'A user with this email address already belongs to the organization.');
    }
    const earlier = this.#invitesFor(organizationId, input.targetEmail);
    let { level, privateProjectAccess } = input;
    const pending = earlier.filter((invite) => !this.isExpired(invite)).sort((a, b) => b.createdAt - a.createdAt || b.seq - a.seq);
    if (input.combinePendingInvites && pending.length > 0) {
      level = Math.max(level, ...pending.map((invite) => invite.level)) as Level;
      privateProjectAccess = combineProjectAccess(pending, privateProjectAccess ?? []);
    }
    if (this.replaceOnCreate) this.invites = this.invites.filter((invite) => !earlier.includes(invite));
    const createdAt = this.stamp();
    const invite: Invite = {
      id: randomUUID(),
      organizationId,
      targetEmail: input.targetEmail,
      firstName: input.firstName,
      level,
      message: input.message,
      privateProjectAccess,
      createdById,
      createdAt,
      updatedAt: createdAt,
      emailingAttemptMade: input.sendEmail,
      seq: this.nextSeq(),
    };
    this.invites.push(invite);
    if (input.sendEmail) {
      this.#emails.set(input.targetEmail, (this.#emails.get(input.targetEmail) ?? 0) + 1);
      // PostHog saves the row again after queueing the email.
      invite.updatedAt = this.stamp();
    }
    return invite;
  }

  /** Removes one invite of the org; false when no such invite (another org's counts as none). */
  deleteInvite(organizationId: string, id: string): boolean {
    const before = this.invites.length;
    this.invites = this.invites.filter((invite) => !(invite.organizationId === organizationId && invite.id === id.toLowerCase()));
    return this.invites.length < before;
  }

  /** Invite emails sent to `email` (any case), or in total. */
  emailsSent(email?: string): number {
    if (email !== undefined) return this.#emails.get(email.trim().toLowerCase()) ?? 0;
    let total = 0;
    for (const count of this.#emails.values()) total += count;
    return total;
  }

  addUser(details: NewUser): User {
    const user: User = {
      id: this.#nextUserId++,
      uuid: details.uuid?.toLowerCase() ?? randomUUID(),
      distinctId: randomBytes(24).toString('base64url'),
      email: details.email,
      firstName: details.firstName ?? '',
      lastName: details.lastName ?? '',
      currentOrganizationId: null,
      isActive: details.isActive ?? true,
    };
    if (this.#usersByEmail.has(user.email.toLowerCase())) throw new Error(`a user with email ${user.email} already exists`);
    if (this.#usersByUuid.has(user.uuid)) throw new Error(`a user with uuid ${user.uuid} already exists`);
    this.users.set(user.id, user);
    this.#usersByEmail.set(user.email.toLowerCase(), user);
    this.#usersByUuid.set(user.uuid, user);
    return user;
  }

  /** Adds `user` to the org (`User.join`); the first org joined becomes the current one. */
  join(organizationId: string, user: User, level: Level, joinedAt: number = this.stamp(), isGuest = false): Membership {
    if (this.membershipOf(organizationId, user.id)) throw new Error(`${user.email} is already a member of ${organizationId}`);
    const membership: Membership = {
      id: randomUUID(),
      organizationId,
      userId: user.id,
      level,
      joinedAt,
      updatedAt: joinedAt,
      seq: this.nextSeq(),
      ...(isGuest ? { isGuest } : {}),
    };
    this.#memberships.push(membership);
    this.#membershipsByKey.set(`${organizationId} ${user.id}`, membership);
    user.currentOrganizationId ??= organizationId;
    return membership;
  }

  /**
   * `OrganizationInvite.use()` at signup: the newest invite for `email` becomes a membership at
   * its level, and every invite for that email in the org is deleted.
   */
  acceptInvite(organizationId: string, email: string): Membership {
    const invite = this.#invitesFor(organizationId, email).sort((a, b) => b.createdAt - a.createdAt || b.seq - a.seq)[0];
    if (!invite) throw new Error(`no invite for ${email} in organization ${organizationId}`);
    if (this.isExpired(invite)) throw new Error('This invite has expired. Please ask your admin for a new one.');
    if (this.hasMemberEmail(organizationId, email)) {
      throw new Error('Another user with this email address already belongs to this organization.');
    }
    const user = this.userByEmail(email) ?? this.addUser({ email: email.trim().toLowerCase(), firstName: invite.firstName });
    const membership = this.join(organizationId, user, invite.level);
    const accepted = this.#invitesFor(organizationId, email);
    this.invites = this.invites.filter((row) => !accepted.includes(row));
    return membership;
  }

  #invitesFor(organizationId: string, email: string): Invite[] {
    const wanted = email.toLowerCase();
    return this.invites.filter((invite) => invite.organizationId === organizationId && invite.targetEmail?.toLowerCase() === wanted);
  }

  #isListedUser(user: User): boolean {
    return user.isActive && !user.email.endsWith(BOT_EMAIL_SUFFIX);
  }

  #user(id: number): User {
    const user = this.users.get(id);
    if (!user) throw new Error(`membership points at unknown user ${id}`);
    return user;
  }
}

/**
 * `_combine_project_access`: the new grants first, then each pending invite's, keeping the
 * "higher" level by Python string comparison (so "member" beats "admin", as in PostHog).
 */
function combineProjectAccess(pending: Invite[], requested: ProjectAccess[]): ProjectAccess[] {
  const combined = new Map<number, string>();
  for (const access of requested) combined.set(access.id, access.level);
  for (const invite of pending) {
    for (const access of invite.privateProjectAccess ?? []) {
      const current = combined.get(access.id);
      if (current === undefined || access.level > current) combined.set(access.id, access.level);
    }
  }
  return [...combined].map(([id, level]) => ({ id, level }));
}
