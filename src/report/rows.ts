// The access review's rows, pure: one per person × org, from the desired state, the current state and now.
import { emailFoldOf, indexByEmail, type EmailRecord } from '../email-index.ts';
import { globsMatcher } from '../glob.ts';
import { providerModule } from '../providers/registry.ts';
import { normalizeEmail, type CurrentState, type DesiredOrg, type DesiredState, type ProviderName } from '../model.ts';

/**
 * Where a person stands in one org: `member` (listed and a member), `pending` (listed, invite live),
 * `expired` (only an expired invite), `wanted` (listed, nothing at the API yet), `not-wanted`
 * (a member or a live invite the config does not list, or lists with an `until` that has passed).
 */
export type AccessState = 'member' | 'pending' | 'expired' | 'wanted' | 'not-wanted';

/** Every state, in the order the renderers show them (most access first). */
export const ACCESS_STATES: readonly AccessState[] = ['member', 'pending', 'expired', 'wanted', 'not-wanted'];

/** An invite as the review shows it: its access and, where the API says, when it expires. */
export interface RowInvite {
  access: string;
  expiresAt?: string;
}

/** What the config lists for this person in this org. */
export interface RowListing {
  access: string;
  until?: string;
  /** The `until` day has passed: the config no longer wants them. */
  ended: boolean;
}

/** Everything the review knows about one person in one org. */
export interface AccessRow {
  /** The person: the listed address, else the member's, else the newest invite's (normalised). */
  email: string;
  org: string;
  provider: ProviderName;
  state: AccessState;
  /** The member's access, when a member. */
  member?: string;
  /** The newest live pending invite. */
  pending?: RowInvite;
  /** The newest expired invite. */
  expired?: RowInvite;
  listed?: RowListing;
  /** Matches the org's `ignore` globs: invitectl never invites or revokes this address. */
  ignored: boolean;
}

/** One org of the review: its name, API, and the word its API uses for access (`level`, `role`). */
export interface ReportOrg {
  name: string;
  provider: ProviderName;
  accessField: string;
}

/** Counts of each state, overall and per org, and how many people and orgs the review covers. */
export interface ReportTotals {
  people: number;
  orgs: number;
  rows: number;
  states: Record<AccessState, number>;
  byOrg: Record<string, Record<AccessState, number>>;
}

/** The whole review: orgs in config order, rows by person then org, totals, the time it was read. */
export interface AccessReview {
  orgs: ReportOrg[];
  rows: AccessRow[];
  totals: ReportTotals;
  readAt: string;
}

/**
 * Builds the access review: every person found or listed in any org × that org, with a state.
 * Rows are sorted by person, then by the org's place in the config; a person with nothing at the
 * API and only an ended listing has no row (no access, not wanted). Emails compare as the planner's.
 */
export function buildAccessReview(desired: DesiredState, current: CurrentState, now: Date): AccessReview {
  const order = new Map(desired.orgs.map((org, index) => [org.name, index]));
  const rows: AccessRow[] = [];
  for (const org of desired.orgs) {
    const isIgnored = globsMatcher(org.ignore);
    for (const record of indexByEmail(org, currentOf(current, org), now).values()) {
      const row = rowOf(org, record, isIgnored);
      if (row.state !== undefined) rows.push(row as AccessRow);
    }
  }
  rows.sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : order.get(a.org)! - order.get(b.org)!));
  return { orgs: desired.orgs.map(reportOrg), rows, totals: totalsOf(desired.orgs, rows), readAt: now.toISOString() };
}

/** One person in one org for `who`: the state is undefined when they have nothing there and are not wanted. */
export type WhoRow = Omit<AccessRow, 'state'> & { state?: AccessState };

/**
 * Where one person stands in every org (config order), looked up as the planner looks them up:
 * lower-cased, trimmed, and folded the way each org's API folds addresses.
 */
export function whoRows(desired: DesiredState, current: CurrentState, now: Date, email: string): WhoRow[] {
  const wanted = normalizeEmail(email);
  return desired.orgs.map((org) => {
    const record = indexByEmail(org, currentOf(current, org), now).get(emailFoldOf(org.provider)(wanted));
    return rowOf(org, record ?? { pending: [], expired: [] }, globsMatcher(org.ignore), wanted);
  });
}

/** An org as the review names it, with its API's access word. */
export function reportOrg(org: DesiredOrg): ReportOrg {
  return { name: org.name, provider: org.provider, accessField: providerModule(org.provider).config.accessField };
}

/** The rows grouped by person, in row order, each person's rows by org name. */
export function byPerson(rows: readonly AccessRow[]): Map<string, Map<string, AccessRow>> {
  const people = new Map<string, Map<string, AccessRow>>();
  for (const row of rows) {
    let cells = people.get(row.email);
    if (cells === undefined) people.set(row.email, (cells = new Map()));
    cells.set(row.org, row);
  }
  return people;
}

/** Zero of every state. */
export function zeroCounts(): Record<AccessState, number> {
  return { member: 0, pending: 0, expired: 0, wanted: 0, 'not-wanted': 0 };
}

function currentOf(current: CurrentState, org: DesiredOrg) {
  return current.orgs[org.name] ?? { invites: [], members: [] };
}

function rowOf(org: DesiredOrg, record: EmailRecord, isIgnored: (email: string) => boolean, fallback = ''): WhoRow {
  const listing = record.desired ?? record.ended;
  const pending = record.pending[0];
  const expired = record.expired[0];
  const email = listing?.email ?? record.member?.email ?? pending?.email ?? expired?.email ?? fallback;
  const state = stateOf(record);
  return {
    email,
    org: org.name,
    provider: org.provider,
    ...(state ? { state } : {}),
    ...(record.member ? { member: record.member.access } : {}),
    ...(pending ? { pending: inviteOf(pending) } : {}),
    ...(expired ? { expired: inviteOf(expired) } : {}),
    ...(listing ? { listed: { access: listing.access, ...(listing.until ? { until: listing.until } : {}), ended: record.desired === undefined } } : {}),
    ignored: email !== '' && isIgnored(email),
  };
}

// A member outranks an invite, a live invite an expired one: the state says what access exists now.
function stateOf(record: EmailRecord): AccessState | undefined {
  const listed = record.desired !== undefined;
  if (record.member) return listed ? 'member' : 'not-wanted';
  if (record.pending.length > 0) return listed ? 'pending' : 'not-wanted';
  if (record.expired.length > 0) return 'expired';
  return listed ? 'wanted' : undefined;
}

function inviteOf(invite: { access: string; expiresAt?: string }): RowInvite {
  return { access: invite.access, ...(invite.expiresAt ? { expiresAt: invite.expiresAt } : {}) };
}

function totalsOf(orgs: readonly DesiredOrg[], rows: readonly AccessRow[]): ReportTotals {
  const states = zeroCounts();
  const byOrg = Object.fromEntries(orgs.map((org) => [org.name, zeroCounts()]));
  for (const row of rows) {
    states[row.state]++;
    byOrg[row.org]![row.state]++;
  }
  return { people: new Set(rows.map((row) => row.email)).size, orgs: orgs.length, rows: rows.length, states, byOrg };
}
