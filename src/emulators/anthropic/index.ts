// The Anthropic emulator: Admin API organization invites and users in memory, plus test hooks.
import type { ApiEmulator, Clock, EmulatorRequest, EmulatorResponse, InjectedStatus } from '../types.ts';
import { credentialOf } from './auth.ts';
import { AnthropicApiError, concurrentChange, errorResponse, injectedFailure } from './errors.ts';
import { newId } from './ids.ts';
import { route } from './routes.ts';
import { anthropicSeedSchema, defaultAnthropicSeed } from './seed.ts';
import type { AnthropicSeed } from './seed.ts';
import { AnthropicState } from './state.ts';
import type { InviteWire, MemberRole, UserWire } from './wire.ts';

export { anthropicSeedSchema, defaultAnthropicSeed };
export type { AnthropicSeed };

/**
 * The Anthropic Admin API's organization invites and users (reference `api/anthropic.md` §9),
 * held in memory for one Console or Enterprise organization. Every response carries a fresh `request-id`.
 */
export class AnthropicEmulator implements ApiEmulator {
  readonly name = 'anthropic' as const;
  readonly #state: AnthropicState;
  /** Requests still to refuse with 409 concurrent_membership_change, by method. */
  readonly #conflicts = new Map<string, { count: number; shouldRetry: boolean | undefined }>();

  /** Starts from `seed` (validated; throws on an invalid seed) or the default organization. */
  constructor(options: { clock: Clock; seed?: AnthropicSeed }) {
    this.#state = new AnthropicState(anthropicSeedSchema.parse(options.seed ?? defaultAnthropicSeed()), options.clock);
  }

  /** Answers one request: 200 with the resource, or the API's error envelope. */
  handle(request: EmulatorRequest): EmulatorResponse {
    const requestId = newId('req_');
    const conflict = this.#conflicts.get(request.method.toUpperCase());
    if (conflict && conflict.count > 0) {
      conflict.count -= 1;
      const headers: Record<string, string> = conflict.shouldRetry === undefined ? {} : { 'x-should-retry': String(conflict.shouldRetry) };
      return errorResponse(concurrentChange(), requestId, headers);
    }
    try {
      const body = route(request, this.#state);
      return { status: 200, headers: { 'content-type': 'application/json', 'request-id': requestId }, body };
    } catch (error) {
      if (error instanceof AnthropicApiError) return errorResponse(error, requestId);
      throw error;
    }
  }

  /** Anthropic's envelope for an injected 429 (`retry-after`), 500, 503 or 529. */
  failure(status: InjectedStatus, retryAfterSeconds?: number): EmulatorResponse {
    return injectedFailure(status, newId('req_'), retryAfterSeconds);
  }

  /** The key from `x-api-key` or `Authorization: Bearer`. */
  credentialOf(request: EmulatorRequest): string | undefined {
    return credentialOf(request);
  }

  /** Invite lists leave out invites created less than `lagMs` ago (the read-after-write fault). */
  setReadLag(lagMs: number): void {
    this.#state.readLag.set(lagMs);
  }

  /** The organization's primary Admin key (the first seeded), for the sandbox and tests. */
  primary(): { apiKey: string } {
    const [first] = this.#state.keys;
    if (!first) throw new Error('the Anthropic seed has no API key');
    return { apiKey: first.key };
  }

  /**
   * Test hook: the next `count` requests with `method` are refused, unchanged, with 409
   * `concurrent_membership_change` (reference §14.5), with `x-should-retry` when `shouldRetry` is given.
   */
  failNextWithConflict(method: string, count: number, shouldRetry?: boolean): void {
    this.#conflicts.set(method.toUpperCase(), { count, shouldRetry });
  }

  /** Test hook: adds a member directly, as the Console UI, SSO or SCIM would. Throws if already a member. */
  addUser(user: { email: string; role: MemberRole; name?: string; scim_managed?: boolean }): UserWire {
    return this.#state.userWire(this.#state.addUser(user.email, user.role, user.name, user.scim_managed));
  }

  /**
   * Test hook: the invitee accepts their pending invite: a member is added with the invite's
   * role, and the invite becomes `accepted`. Throws when no pending invite matches.
   */
  acceptInvite(email: string): UserWire {
    return this.#state.userWire(this.#state.acceptInvite(email));
  }

  /** Snapshot of every invite, newest first, deleted ones included (`status: "deleted"`). */
  invites(): InviteWire[] {
    return this.#state.allInvites().map((invite) => this.#state.inviteWire(invite));
  }

  /** Snapshot of the current members, most recently added first. */
  users(): UserWire[] {
    return this.#state
      .allUsers()
      .filter((user) => !user.removedAt)
      .map((user) => this.#state.userWire(user));
  }

  /** How many invite emails were sent to `email` (case-insensitive), or in total. */
  emailsSent(email?: string): number {
    return this.#state.emailsSent(email);
  }
}
