// The access review as markdown: totals, then a person × org table, for a ticket or a review document.
import { escapeInline } from '../render/markdown-escape.ts';
import { ACCESS_STATES, byPerson, type AccessReview } from './rows.ts';
import { cellText, STATE_MEANINGS } from './words.ts';

/** The review as markdown: a heading, the totals per state and org, and the person × org matrix. */
export function renderReportMarkdown(review: AccessReview, redactedEmails: boolean): string {
  const orgs = review.orgs;
  const { totals } = review;
  const lines = [
    '# Access review',
    '',
    `Read ${review.readAt}: ${totals.people} ${totals.people === 1 ? 'person' : 'people'} across ${totals.orgs} ${totals.orgs === 1 ? 'org' : 'orgs'}${redactedEmails ? ' (emails redacted)' : ''}.`,
    '',
    '## Totals',
    '',
    tableRow(['State', ...orgs.map((org) => escapeInline(org.name)), 'Total']),
    tableRow(['---', ...orgs.map(() => '---:'), '---:']),
    ...ACCESS_STATES.map((state) => tableRow([`${state} (${STATE_MEANINGS[state]})`, ...orgs.map((org) => String(totals.byOrg[org.name]?.[state] ?? 0)), String(totals.states[state])])),
    tableRow(['**all**', ...orgs.map((org) => String(ACCESS_STATES.reduce((sum, state) => sum + (totals.byOrg[org.name]?.[state] ?? 0), 0))), `**${totals.rows}**`]),
    '',
    '## People',
    '',
  ];
  if (review.rows.length === 0) return `${[...lines, 'Nobody has access to or is wanted in any org.'].join('\n')}\n`;
  lines.push(tableRow(['Person', ...orgs.map((org) => `${escapeInline(org.name)} (${escapeInline(org.provider)})`)]), tableRow(['---', ...orgs.map(() => '---')]));
  for (const [email, cells] of byPerson(review.rows)) {
    lines.push(tableRow([escapeInline(email), ...orgs.map((org) => (cells.has(org.name) ? escapeInline(cellText(cells.get(org.name)!)) : '—'))]));
  }
  return `${lines.join('\n')}\n`;
}

function tableRow(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}
