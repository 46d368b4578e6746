// The provider interface: what one API's vertical gives the rest of invitectl (config, capabilities, client).
import type { z } from 'zod';
import type { HttpClient } from '../http.ts';
import type { CurrentInvite, CurrentMember, CurrentOrg, DesiredInvite, DesiredOrg, OrgConnection, ProjectGrant, ProviderName } from '../model.ts';
import type { RateWindow } from '../rate-budget.ts';

/** One invite to send, in model terms. */
export interface InviteToSend {
  email: string;
  access: string;
  firstName?: string;
  message?: string;
  /** Project grants, where the API takes them. */
  projects?: ProjectGrant[];
  /** The pending invite this one supersedes, where a create replaces it server-side (checked after the write). */
  replaces?: string;
}

/** What a delete found: it removed the invite, or the invite was already gone (404). */
export type DeleteOutcome = 'deleted' | 'already-gone';

/** A write's answer: what it produced, and the API's request id when it sends one. */
export interface WriteResult<T> {
  value: T;
  requestId?: string;
  /** Per invitee (by email): what went wrong around a write that itself succeeded, e.g. a stray invite left in place. */
  notes?: ReadonlyMap<string, string>;
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
  /** Sets one member's access (by `CurrentMember.id`); the answer is checked to be that member with it; throws ProviderError. */
  updateMember(memberId: string, access: string): Promise<WriteResult<CurrentMember>>;
  /** Removes one member (by `CurrentMember.id`); `already-gone` on a 404; throws ProviderError (a refusal's `apiMessage` says why). */
  removeMember(memberId: string): Promise<WriteResult<DeleteOutcome>>;
}

/** What differs between APIs, for the applier, the safety check and renderers. */
export interface ProviderCapabilities {
  /** Invites per create call (a bulk endpoint takes several; others one). */
  maxBatch: number;
  /** A create replaces the email's earlier invites server-side; else a pending one is revoked first. */
  createReplacesExisting: boolean;
}

/** Everything a provider needs for one org: the org and an HTTP client carrying its key. */
export interface ProviderContext {
  org: DesiredOrg;
  http: HttpClient;
}

/** The fields every org has whatever its API, already resolved against the file's defaults. */
export type CommonOrg = Pick<DesiredOrg, 'name' | 'prune' | 'reinviteExpired' | 'ignore' | 'safety'>;

/** What identifies the remote org a config org manages: two config orgs with one identity would fight. */
export interface RemoteOrg {
  /** Equal identities are one remote org (compared within one provider). */
  identity: string;
  /** The org key the problem points at. */
  field: string;
  /** What the two orgs share, for the message: "the same … as org X". */
  what: string;
}

/** A vendor key's shape, masked even when its value was never registered. */
export interface SecretShape {
  /** Global regex matching the whole key. */
  pattern: RegExp;
  /** The prefix a mask may keep, e.g. `xk_`. */
  prefix: string;
}

/** Everything about an API's part of the config file. */
export interface ProviderConfig {
  /** What an invite's access is called in the config and in import/JSON output. */
  accessField: string;
  /** Access an invite may carry through the API; anything else is refused before any write. */
  accessWords: readonly string[];
  /** Access words in tiers, lowest first, for "highest access wins" across groups; words in one tier do not include each other. Absent: `accessWords`, lowest first. */
  accessOrder?: readonly (readonly string[])[];
  /** The org's strict zod schema; its `provider` key is the literal provider name. */
  orgSchema: z.ZodObject;
  /** Maps a validated org (`orgSchema`'s output) to its connection and invites. */
  desiredOrg(org: Record<string, unknown>): { connection: OrgConnection; invites: DesiredInvite[] };
  /** The org key holding the API origin (`${VAR}` may be used in it). */
  originField: string;
  /** The origin when the org does not say. */
  defaultOrigin?: string;
  /** The environment variable holding the key when the org does not say. */
  defaultApiKeyEnv: string;
  /** Keys that belong to other APIs, with what to write instead. */
  hints: Readonly<Record<string, string>>;
  /** The remote org a raw org reaches, given its normalised origin and key variable; undefined while unknown. */
  remoteOrg(org: Record<string, unknown>, origin: string, apiKeyEnv: string): RemoteOrg | undefined;
  /** Published per-key request limits, paced client-side. */
  rateWindows: readonly RateWindow[];
  /** Shapes of this API's keys, for redaction. */
  secretShapes: readonly SecretShape[];
  /** How the API itself matches addresses beyond case, when it does; absent means lower-cased and trimmed only. */
  emailFolding?: EmailFolding;
  /** Which member access words are owner- and admin-type, for `members: report|manage`; absent: this API's members cannot be managed. */
  memberAccess?: MemberAccessWords;
}

/** A provider's member access words that protect a member (issue #16). */
export interface MemberAccessWords {
  /** Owner access words: the org's last owner is never demoted or removed. */
  owner: readonly string[];
  /** Owner- and admin-type words: such members are never changed or removed without `override_protection`. */
  protected: readonly string[];
  /** Words whose holders the API itself refuses to change or remove: protected even with `override_protection`. */
  fixed?: readonly string[];
}

/** An API that treats several addresses as one person (e.g. `jane+x@` as `jane@`). */
export interface EmailFolding {
  /** The one form of an already lower-cased, trimmed address that the API treats as the same person. */
  fold(email: string): string;
  /** What it folds, for messages: "ignores +tags". */
  what: string;
}

/** A provider module: one API's whole vertical, listed once in the registry. */
export interface ProviderModule<Name extends string = string> {
  readonly name: Name;
  /** How the API is named to people (help, messages). */
  readonly title: string;
  readonly config: ProviderConfig;
  readonly capabilities: ProviderCapabilities;
  /** The headers that authenticate `apiKey` (and pin the API version). */
  authHeaders(apiKey: string): Record<string, string>;
  create(context: ProviderContext): Provider;
}
