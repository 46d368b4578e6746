// The PostHog emulator: organization invites and members in memory, plus test hooks.
import type { ApiEmulator, Clock, EmulatorRequest, EmulatorResponse, InjectedStatus } from '../types.ts';
import { findCredential } from './auth.ts';
import { requestDataQuietly } from './body.ts';
import { injectedFailure, PostHogError } from './errors.ts';
import { loadSeed } from './load.ts';
import { dispatch } from './routes.ts';
import { defaultPostHogSeed, postHogSeedSchema, type PostHogSeed } from './seed.ts';
import { PostHogStore } from './store.ts';
import { toWireInvite, toWireMember, type WireInvite, type WireMember } from './wire.ts';

export { DEFAULT_ORGANIZATION_ID, defaultPostHogSeed, postHogSeedSchema, type ParsedPostHogSeed, type PostHogSeed } from './seed.ts';
export type { WireInvite, WireMember, WireUserBasic } from './wire.ts';

/** How to build a PostHog emulator: its clock, and a seed (the sandbox default when omitted). */
export interface PostHogEmulatorOptions {
  clock: Clock;
  seed?: PostHogSeed;
}

/** A member to add through the test hook. */
export interface NewMember {
  email: string;
  level: 1 | 8 | 15;
  first_name?: string;
}

/**
 * PostHog's organization invites and members API in memory (api/posthog.md §12), plus test
 * hooks that do what happens outside the API: accepting an invite, adding a member.
 */
export class PostHogEmulator implements ApiEmulator {
  readonly name = 'posthog' as const;
  readonly #store: PostHogStore;

  constructor(options: PostHogEmulatorOptions) {
    this.#store = new PostHogStore(options.clock);
    loadSeed(this.#store, postHogSeedSchema.parse(options.seed ?? defaultPostHogSeed()));
  }

  handle(request: EmulatorRequest): EmulatorResponse {
    try {
      return dispatch(this.#store, request);
    } catch (error) {
      if (error instanceof PostHogError) return error.toResponse();
      throw error;
    }
  }

  failure(status: InjectedStatus, retryAfterSeconds?: number): EmulatorResponse {
    return injectedFailure(status, retryAfterSeconds);
  }

  credentialOf(request: EmulatorRequest): string | undefined {
    return findCredential(request, () => requestDataQuietly(request))?.value;
  }

  /** Invite lists leave out invites created less than `lagMs` ago (the read-after-write fault). */
  setReadLag(lagMs: number): void {
    this.#store.readLag.set(lagMs);
  }

  /** The first organization and a key with write access to it (what the sandbox prints). */
  primary(): { organizationId: string; apiKey: string } {
    const [organization] = this.#store.organizations.values();
    if (!organization) throw new Error('the seed has no organization');
    for (const key of this.#store.keys.values()) {
      const writes = key.scopes.includes('*') || key.scopes.includes('organization_member:write');
      const inOrg = key.organizations === null || key.organizations.includes(organization.id);
      if (writes && inOrg && this.#store.membershipOf(organization.id, key.userId)) return { organizationId: organization.id, apiKey: key.value };
    }
    throw new Error(`no personal API key with organization_member:write on ${organization.id}`);
  }

  /** Test hook: makes `email` a member at `level` (creating the user if needed). */
  addMember(organizationId: string, member: NewMember): WireMember {
    const organization = this.#organization(organizationId);
    const user =
      this.#store.userByEmail(member.email) ?? this.#store.addUser({ email: member.email, ...(member.first_name !== undefined && { firstName: member.first_name }) });
    return toWireMember(this.#store, this.#store.join(organization, user, member.level));
  }

  /**
   * Test hook: the invitee signs up through their link. The newest invite for `email` becomes a
   * membership at its level and every invite for the email in the org is deleted. Throws for
   * no invite, an expired one, or an existing member, as the signup page refuses those.
   */
  acceptInvite(organizationId: string, email: string): WireMember {
    return toWireMember(this.#store, this.#store.acceptInvite(this.#organization(organizationId), email));
  }

  /** Snapshot of the org's invites as the API shows them, newest first. */
  invitesOf(organizationId: string): WireInvite[] {
    return this.#store.invitesOf(this.#organization(organizationId)).map((invite) => toWireInvite(this.#store, invite));
  }

  /** Snapshot of the org's members as the API shows them, most recently joined first. */
  membersOf(organizationId: string): WireMember[] {
    return this.#store.membersOf(this.#organization(organizationId)).map((membership) => toWireMember(this.#store, membership));
  }

  /** Invite emails sent (one per created invite with `send_email`), to `email` or in total. */
  emailsSent(email?: string): number {
    return this.#store.emailsSent(email);
  }

  #organization(id: string): string {
    const organization = this.#store.organization(id);
    if (!organization) throw new Error(`unknown PostHog organization ${id}`);
    return organization.id;
  }
}
