// The access review as JSON: a documented, versioned shape (report_version 1).
import { escapeJsonOutput } from '../sanitize.ts';
import { ACCESS_STATES, type AccessReview, type AccessRow, type AccessState, type ReportOrg, type RowInvite, type WhoRow } from './rows.ts';

/** The version of the report JSON; bumped on any change that is not a pure addition. */
export const REPORT_VERSION = 1;

/** One person × org in the JSON; absent facts are `null`, so every row has every key. */
export interface JsonAccessRow {
  email: string;
  org: string;
  provider: string;
  state: AccessState | null;
  /** The member's access (the API's word), when a member. */
  member: string | null;
  pending: { access: string; expires_at: string | null } | null;
  expired: { access: string; expires_at: string | null } | null;
  /** What the config lists; `ended` when its `until` day has passed. */
  listed: { access: string; until: string | null; ended: boolean } | null;
  ignored: boolean;
}

/** The JSON of `invitectl report --format json`. */
export interface JsonAccessReview {
  report_version: number;
  read_at: string;
  redacted_emails: boolean;
  states: readonly AccessState[];
  orgs: Array<{ name: string; provider: string; access_field: string }>;
  totals: { people: number; orgs: number; rows: number; states: Record<AccessState, number>; by_org: Array<{ org: string } & Record<AccessState, number>> };
  rows: JsonAccessRow[];
}

/** The review as pretty JSON, ending in a newline; characters a terminal would obey are escaped. */
export function renderReportJson(review: AccessReview, redactedEmails: boolean): string {
  const json: JsonAccessReview = {
    report_version: REPORT_VERSION,
    read_at: review.readAt,
    redacted_emails: redactedEmails,
    states: ACCESS_STATES,
    orgs: review.orgs.map(jsonOrg),
    totals: {
      people: review.totals.people,
      orgs: review.totals.orgs,
      rows: review.totals.rows,
      states: review.totals.states,
      by_org: review.orgs.map((org) => ({ org: org.name, ...review.totals.byOrg[org.name]! })),
    },
    rows: review.rows.map(jsonRow),
  };
  return escapeJsonOutput(`${JSON.stringify(json, null, 2)}\n`);
}

/** An org in the JSON. */
export function jsonOrg(org: ReportOrg): { name: string; provider: string; access_field: string } {
  return { name: org.name, provider: org.provider, access_field: org.accessField };
}

/** One row in the JSON; a `who` row without access has state `null`. */
export function jsonRow(row: AccessRow | WhoRow): JsonAccessRow {
  return {
    email: row.email,
    org: row.org,
    provider: row.provider,
    state: row.state ?? null,
    member: row.member ?? null,
    pending: row.pending ? jsonInvite(row.pending) : null,
    expired: row.expired ? jsonInvite(row.expired) : null,
    listed: row.listed ? { access: row.listed.access, until: row.listed.until ?? null, ended: row.listed.ended } : null,
    ignored: row.ignored,
  };
}

function jsonInvite(invite: RowInvite): { access: string; expires_at: string | null } {
  return { access: invite.access, expires_at: invite.expiresAt ?? null };
}
