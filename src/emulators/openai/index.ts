// The OpenAI emulator: Admin API organization invites and users in memory, plus test hooks.
import type { ApiEmulator, Clock, EmulatorRequest, EmulatorResponse, InjectedStatus } from '../types.ts';
import { errorResponse, injectedFailure, newRequestId, OpenAIApiError } from './errors.ts';
import { credentialOf, route } from './routes.ts';
import { defaultOpenAISeed, openaiSeedSchema, type OpenAISeed } from './seed.ts';
import { OpenAIState } from './state.ts';
import type { DuplicateMode, InviteWire, UserWire } from './wire.ts';

export { defaultOpenAISeed, openaiSeedSchema };
export type { OpenAISeed };

/**
 * The OpenAI Administration API's organization invites and users (reference `api/openai.md` §9),
 * held in memory for one organization. Every response carries a fresh `x-request-id`.
 */
export class OpenAIEmulator implements ApiEmulator {
  readonly name = 'openai' as const;
  readonly #state: OpenAIState;
  #shouldRetry: boolean | undefined;

  /** Starts from `seed` (validated; throws on an invalid seed) or the default organization. */
  constructor(options: { clock: Clock; seed?: OpenAISeed }) {
    this.#state = new OpenAIState(openaiSeedSchema.parse(options.seed ?? defaultOpenAISeed()), options.clock);
  }

  /** Answers one request: 200 with the resource, or the error envelope. */
  handle(request: EmulatorRequest): EmulatorResponse {
    const requestId = newRequestId();
    try {
      const body = route(request, this.#state);
      return { status: 200, headers: { 'x-request-id': requestId }, body };
    } catch (error) {
      if (error instanceof OpenAIApiError) return errorResponse(error, requestId);
      throw error;
    }
  }

  /** The envelope for an injected 429 (`retry-after`), 500, 503 or 529, with `x-should-retry` when set. */
  failure(status: InjectedStatus, retryAfterSeconds?: number): EmulatorResponse {
    return injectedFailure(status, retryAfterSeconds, this.#shouldRetry);
  }

  /** The Bearer token. */
  credentialOf(request: EmulatorRequest): string | undefined {
    return credentialOf(request);
  }

  /** Invite lists leave out invites created less than `lagMs` ago (the read-after-write fault). */
  setReadLag(lagMs: number): void {
    this.#state.readLag.set(lagMs);
  }

  /** The first admin key, for the sandbox and tests. */
  primary(): { apiKey: string } {
    const admin = this.#state.keys.find((k) => k.kind === 'admin');
    if (!admin) throw new Error('the OpenAI seed has no admin key');
    return { apiKey: admin.key };
  }

  /** Test hook: injected failures carry `x-should-retry: true|false`, or none (undefined). */
  setShouldRetry(value: boolean | undefined): void {
    this.#shouldRetry = value;
  }

  /** Test hook: what a create does for an email with a pending invite (UNCONFIRMED, §6.1). */
  setDuplicateMode(mode: DuplicateMode): void {
    this.#state.duplicateMode = mode;
  }

  /** Test hook: `2024` sends `invited_at` instead of `created_at` and no `projects` (§12.1). */
  setInviteFields(shape: 'current' | '2024'): void {
    this.#state.inviteFields = shape;
  }

  /** Test hook: the invitee accepts their pending invite: a user with its role is added, the invite is `accepted`. */
  acceptInvite(email: string): UserWire {
    return this.#state.userWire(this.#state.acceptInvite(email));
  }

  /** Snapshot of the live invites (deleted ones are gone, as on the API), newest first. */
  invites(): InviteWire[] {
    return this.#state.allInvites().filter((i) => !i.deletedAt).map((i) => this.#state.inviteWire(i));
  }

  /** Snapshot of the current users, most recently added first. */
  users(): UserWire[] {
    return this.#state.allUsers().filter((u) => !u.removedAt).map((u) => this.#state.userWire(u));
  }

  /** How many invite emails were sent to `email` (case-insensitive), or in total. */
  emailsSent(email?: string): number {
    return this.#state.emailsSent(email);
  }
}
