// The access review as CSV (RFC 4180): a header row, then one row per person × org.
import type { AccessReview, AccessRow } from './rows.ts';

/** The header row, in column order. */
export const CSV_COLUMNS = ['email', 'org', 'provider', 'state', 'access', 'member', 'pending', 'pending_expires_at', 'expired', 'listed', 'until', 'listing_ended', 'ignored'] as const;

/** The review as CSV: CRLF line ends, fields quoted where RFC 4180 requires, formula-like cells defused. */
export function renderReportCsv(review: AccessReview): string {
  const lines = [CSV_COLUMNS.join(','), ...review.rows.map((row) => csvCells(row).map(csvField).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

function csvCells(row: AccessRow): string[] {
  return [
    row.email,
    row.org,
    row.provider,
    row.state,
    row.member ?? row.pending?.access ?? row.expired?.access ?? row.listed?.access ?? '',
    row.member ?? '',
    row.pending?.access ?? '',
    row.pending?.expiresAt ?? '',
    row.expired?.access ?? '',
    row.listed?.access ?? '',
    row.listed?.until ?? '',
    row.listed ? String(row.listed.ended) : '',
    String(row.ignored),
  ];
}

/**
 * One field: a cell a spreadsheet would run as a formula (it starts with = + - @, a tab or a
 * carriage return) gets a leading `'`; then quoted when it holds a comma, a quote or a line break.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
