// The access review as one self-contained HTML page: totals, then a sortable, filterable person × org matrix.
import { ACCESS_STATES, byPerson, type AccessReview } from './rows.ts';
import { HTML_SCRIPT, HTML_STYLE } from './html-assets.ts';
import { cellText, STATE_MEANINGS } from './words.ts';

/** The cell state of a person with nothing in an org. */
export const NO_ACCESS = 'none';

/**
 * The review as one HTML page with no network asset: inline CSS and script only, and a content
 * security policy that forbids loading anything. Every value is escaped; the script reads the
 * page's own data attributes and never turns text into markup.
 */
export function renderReportHtml(review: AccessReview, redactedEmails: boolean): string {
  const { orgs, totals } = review;
  const title = `Access review — ${review.readAt}`;
  const people = byPerson(review.rows);
  const head = orgs.map((org, index) => `<th scope="col" data-col="${index + 1}" data-org="${escapeHtml(org.name)}" aria-sort="none"><button type="button">${escapeHtml(org.name)} <small>${escapeHtml(org.provider)} · ${escapeHtml(org.accessField)}</small></button></th>`);
  const body = [...people].map(([email, cells]) => {
    const tds = orgs.map((org) => {
      const row = cells.get(org.name);
      const state = row?.state ?? NO_ACCESS;
      const text = row ? cellText(row) : '—';
      return `<td class="s-${state}" data-org="${escapeHtml(org.name)}" data-state="${state}">${escapeHtml(text)}</td>`;
    });
    return `<tr data-person="${escapeHtml(email)}"><th scope="row">${escapeHtml(email)}</th>${tds.join('')}</tr>`;
  });
  const totalsRows = ACCESS_STATES.map((state) => {
    const counts = orgs.map((org) => `<td data-org="${escapeHtml(org.name)}">${totals.byOrg[org.name]?.[state] ?? 0}</td>`);
    return `<tr class="s-${state}" data-state="${state}"><th scope="row">${state} <small>${escapeHtml(STATE_MEANINGS[state])}</small></th>${counts.join('')}<td data-total="${state}">${totals.states[state]}</td></tr>`;
  });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${HTML_STYLE}</style>
</head>
<body>
<h1>Access review</h1>
<p class="meta">Read ${escapeHtml(review.readAt)}: <span id="people">${totals.people}</span> ${totals.people === 1 ? 'person' : 'people'} across ${totals.orgs} ${totals.orgs === 1 ? 'org' : 'orgs'}, ${totals.rows} person × org ${totals.rows === 1 ? 'entry' : 'entries'}${redactedEmails ? ' (emails redacted)' : ''}.</p>
<h2>Totals</h2>
<table id="totals">
<thead><tr><th scope="col">State</th>${orgs.map((org) => `<th scope="col">${escapeHtml(org.name)}</th>`).join('')}<th scope="col">Total</th></tr></thead>
<tbody>
${totalsRows.join('\n')}
</tbody>
</table>
<h2>People</h2>
<div class="controls">
<label>Org <select id="filter-org"><option value="">All orgs</option>${orgs.map((org) => `<option value="${escapeHtml(org.name)}">${escapeHtml(org.name)}</option>`).join('')}</select></label>
<label>State <select id="filter-state"><option value="">All states</option>${ACCESS_STATES.map((state) => `<option value="${state}">${state}</option>`).join('')}</select></label>
<span id="shown" aria-live="polite"></span>
</div>
<table id="matrix">
<thead><tr><th scope="col" data-col="0" aria-sort="ascending"><button type="button">Person</button></th>${head.join('')}</tr></thead>
<tbody>
${body.join('\n')}
</tbody>
</table>
${people.size === 0 ? '<p>Nobody has access to or is wanted in any org.</p>\n' : ''}<script>${HTML_SCRIPT}</script>
</body>
</html>
`;
}

/** Text safe inside an element or a double-quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char]!);
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
