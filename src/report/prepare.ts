// Making a review safe to write: control characters stripped from every value, emails redacted on request.
import { redactEmail } from '../render/redact-email.ts';
import { cleanText } from '../sanitize.ts';
import type { AccessReview, AccessRow, ReportOrg, RowInvite, RowListing, WhoRow } from './rows.ts';

/** How a review is written: `redactEmails` shows every address as `a***@acme.com#1a2b3c`. */
export interface ReportOptions {
  redactEmails: boolean;
}

/**
 * The review with every string from the config or an API cleaned of control and bidi characters,
 * and every email redacted when asked: renderers then only escape for their own format.
 */
export function prepareReview(review: AccessReview, options: ReportOptions): AccessReview {
  const orgs = review.orgs.map(cleanOrg);
  const byOrg = Object.fromEntries(Object.entries(review.totals.byOrg).map(([name, counts]) => [cleanText(name), counts]));
  return { ...review, orgs, rows: review.rows.map((row) => prepareRow(row, options)), totals: { ...review.totals, byOrg } };
}

/** One row, cleaned and (on request) redacted. */
export function prepareRow<R extends AccessRow | WhoRow>(row: R, options: ReportOptions): R {
  const email = cleanText(row.email);
  return {
    ...row,
    email: options.redactEmails && email !== '' ? redactEmail(email) : email,
    org: cleanText(row.org),
    ...(row.member !== undefined ? { member: cleanText(row.member) } : {}),
    ...(row.pending ? { pending: cleanInvite(row.pending) } : {}),
    ...(row.expired ? { expired: cleanInvite(row.expired) } : {}),
    ...(row.listed ? { listed: cleanListing(row.listed) } : {}),
  };
}

/** An org's name and words, cleaned. */
export function cleanOrg(org: ReportOrg): ReportOrg {
  return { ...org, name: cleanText(org.name), accessField: cleanText(org.accessField) };
}

function cleanInvite(invite: RowInvite): RowInvite {
  return { access: cleanText(invite.access), ...(invite.expiresAt ? { expiresAt: cleanText(invite.expiresAt) } : {}) };
}

function cleanListing(listing: RowListing): RowListing {
  return { access: cleanText(listing.access), ...(listing.until ? { until: cleanText(listing.until) } : {}), ended: listing.ended };
}
