// Indexing one org's desired and current invites by email, as the planner and import read them.
import { normalizeEmail } from './model.ts';
import { isGrantLive } from './grant.ts';
import { providerModules } from './providers/registry.ts';
import type { CurrentInvite, CurrentMember, CurrentOrg, DesiredInvite, DesiredOrg } from './model.ts';

/** Everything one org knows about one email: what is listed, the invites found, the membership. */
export interface EmailRecord {
  /** The listed invite, while its grant is live. */
  readonly desired?: DesiredInvite;
  /** The listed invite, once its `until` has passed. */
  readonly ended?: DesiredInvite;
  /** Unexpired pending invites, newest first. */
  readonly pending: readonly CurrentInvite[];
  /** Expired invites (by status, or pending past `expiresAt`), newest first; accepted ones are left out. */
  readonly expired: readonly CurrentInvite[];
  readonly member?: CurrentMember;
}

type Mutable = { -readonly [K in keyof EmailRecord]: K extends 'pending' | 'expired' ? CurrentInvite[] : EmailRecord[K] };

/** The shared empty list of a record with no invites of a kind; never pushed to. */
const NONE: CurrentInvite[] = [];

/** How `provider`'s API matches addresses beyond case (identity when it does not), e.g. ignoring `+tag`s. */
export function emailFoldOf(provider: string): (email: string) => string {
  return providerModules().find((module) => module.name === provider)?.config.emailFolding?.fold ?? identity;
}

const identity = (email: string): string => email;

/**
 * One record per folded email (the provider's `emailFolding`, else the normalised email), from
 * the org's listed invites and its current invites and members; entries keep their own
 * normalised addresses, so a create sends what is listed and a revoke names what is revoked.
 * One map for all three keeps lookups to one per item: at a million invites the
 * lookups in maps that size, and the objects the collector chases, are the whole cost.
 * Throws on an email listed twice and on an unreadable timestamp (a guessed expiry could turn
 * a live invite into a delete).
 */
export function indexByEmail(org: DesiredOrg, state: CurrentOrg, now: Date): Map<string, EmailRecord> {
  return indexFolded(org, state, now, emailFoldOf(org.provider));
}

function indexFolded(org: DesiredOrg, state: CurrentOrg, now: Date, fold: (email: string) => string): Map<string, EmailRecord> {
  const at = now.getTime();
  const records = new Map<string, Mutable>();
  const recordFor = (email: string): Mutable => {
    let record = records.get(email);
    if (record === undefined) {
      record = { pending: NONE, expired: NONE };
      records.set(email, record);
    }
    return record;
  };

  for (const listed of org.invites) {
    const email = normalizeEmail(listed.email);
    const record = recordFor(fold(email));
    if (record.desired !== undefined || record.ended !== undefined) throw new Error(`org "${org.name}" lists ${fold(email)} more than once`);
    const invite = email === listed.email ? listed : { ...listed, email };
    if (isGrantLive(invite.until, now)) record.desired = invite;
    else record.ended = invite;
  }
  for (const invite of state.invites) {
    // An invite without an email (a link invite) belongs to no address: the planner counts those apart.
    if (invite.link === true) continue;
    const kind = classifyInvite(invite, at);
    if (kind === undefined) continue;
    const email = normalizeEmail(invite.email);
    // Copy only when normalising changed the email.
    const entry = email === invite.email ? invite : { ...invite, email };
    const record = recordFor(fold(email));
    if (record[kind] === NONE) record[kind] = [entry];
    else record[kind].push(entry);
  }
  for (const listed of state.members) {
    const email = normalizeEmail(listed.email);
    const member = email === listed.email ? listed : { ...listed, email };
    const record = recordFor(fold(email));
    // Should an API list one member twice, the smallest access (then id) wins so the plan never depends on listing order.
    if (record.member === undefined || before(member, record.member)) record.member = member;
  }
  for (const record of records.values()) {
    if (record.pending.length > 1) record.pending.sort(newestFirst);
    if (record.expired.length > 1) record.expired.sort(newestFirst);
  }
  return records;
}

/** Orders two listings of one member: by access word, then by id (one without an id last). */
function before(a: CurrentMember, b: CurrentMember): boolean {
  if (a.access !== b.access) return a.access < b.access;
  if (a.id === undefined) return false;
  return b.id === undefined || a.id < b.id;
}

/** Where an invite stands at `at` (ms): live and pending, expired (by status or past `expiresAt`), or accepted (undefined). */
export function classifyInvite(invite: CurrentInvite, at: number): 'pending' | 'expired' | undefined {
  if (invite.status === 'accepted') return undefined;
  if (invite.status === 'expired') return 'expired';
  if (invite.expiresAt === undefined) return 'pending';
  return instant(invite, 'expiresAt', invite.expiresAt) > at ? 'pending' : 'expired';
}

// Ties on createdAt fall back to the id so the choice never depends on the API's listing order.
function newestFirst(a: CurrentInvite, b: CurrentInvite): number {
  const byTime = instant(b, 'createdAt', b.createdAt) - instant(a, 'createdAt', a.createdAt);
  if (byTime !== 0) return byTime;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function instant(invite: CurrentInvite, field: string, value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new Error(`invite ${invite.id}: ${field} "${value}" is not a valid timestamp`);
  return ms;
}
