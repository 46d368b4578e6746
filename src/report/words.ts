// The words a review cell shows for one row: its state and the access behind it.
import type { AccessRow, AccessState } from './rows.ts';

/** What each state means, for legends and help. */
export const STATE_MEANINGS: Readonly<Record<AccessState, string>> = {
  member: 'listed and a member',
  pending: 'listed, invite pending',
  expired: 'only an expired invite',
  wanted: 'listed, not yet invited',
  'not-wanted': 'member or pending invite, not listed',
};

/**
 * The access behind a row's state, e.g. `admin` for a member, `member (listed: admin)` when the
 * config lists another access, `ended 2026-01-31` for a listing whose `until` has passed.
 */
export function accessDetail(row: AccessRow): string {
  const now = row.member ?? row.pending?.access ?? row.expired?.access;
  const listed = row.listed;
  const parts: string[] = [];
  if (now !== undefined) parts.push(now);
  if (listed && !listed.ended && listed.access !== now) parts.push(now === undefined ? listed.access : `(listed: ${listed.access})`);
  // A listing only ends through its `until`, so an ended one always has the day.
  if (listed?.ended) parts.push(`(ended ${listed.until})`);
  else if (listed?.until) parts.push(`until ${listed.until}`);
  if (row.ignored) parts.push('(ignored)');
  return parts.join(' ');
}

/** A row as one short cell: `member: admin`, `wanted: developer until 2027-06-30`. */
export function cellText(row: AccessRow): string {
  const detail = accessDetail(row);
  return detail === '' ? row.state : `${row.state}: ${detail}`;
}
