import type { HttpClient } from '../http.ts';
import type { CurrentInvite, CurrentOrg, DesiredOrg, ProviderName } from '../model.ts';
import type { RateWindow } from '../rate-budget.ts';

/** One invite to send, in model terms. */
export interface InviteToSend {
  email: string;
  access: string;
  firstName?: string;
  message?: string;
}

/** What a delete found: it removed the invite, or the invite was already gone (404). */
export type DeleteOutcome = 'deleted' | 'already-gone';

/** A write's answer: what it produced, and the API's request id when it sends one. */
export interface WriteResult<T> {
  value: T;
  requestId?: string;
}

/**
 * One org's API behind the interface the planner and applier use. Adding a provider means
 * adding one of these; the planner never changes.
 */
export interface Provider {
  readonly name: ProviderName;
  /** Every invite (all statuses) and every member, all pages; any failure fails the whole read. */
  read(): Promise<CurrentOrg>;
  /** Sends up to `capabilities.maxBatch` invites in one call; throws ProviderError. */
  create(invites: readonly InviteToSend[]): Promise<WriteResult<CurrentInvite[]>>;
  /** Revokes one invite by id; throws ProviderError. */
  delete(inviteId: string): Promise<WriteResult<DeleteOutcome>>;
}

/** What differs between APIs, for the applier and renderers. */
export interface ProviderCapabilities {
  /** Invites per create call (PostHog bulk: 20; Anthropic: 1). */
  maxBatch: number;
  /** A create replaces the email's earlier invites server-side (PostHog); else delete first (Anthropic). */
  createReplacesExisting: boolean;
  /** Known per-key rate limits, paced client-side. */
  rateWindows: readonly RateWindow[];
}

/** Everything a provider needs for one org: the org and an HTTP client carrying its key. */
export interface ProviderContext {
  org: DesiredOrg;
  http: HttpClient;
}

/** A provider module: its capabilities, its auth headers, and a factory. */
export interface ProviderModule {
  capabilities: ProviderCapabilities;
  /** The headers that authenticate `apiKey` (and pin the API version). */
  authHeaders(apiKey: string): Record<string, string>;
  create(context: ProviderContext): Provider;
}
