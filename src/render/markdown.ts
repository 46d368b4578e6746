// The markdown renderer: the plan for PR comments and job summaries.
import { diffArrays } from 'diff';
import type { Change, OrgPlan, ProjectGrant, SafetyVerdict } from '../model.ts';
import { trippedGuards } from '../safety.ts';
import { accessLabel, countChanges, countKept, countPlanChanges, prepareInput, totalOf, verdictOf } from './input.ts';
import type { RenderInput, RenderOptions } from './input.ts';
import { escapeInline, fenceFor } from './markdown-escape.ts';
import { fitMarkdown } from './markdown-fit.ts';
import type { DiffRow, HeadCut, MarkdownSection } from './markdown-fit.ts';
import { KEPT_NOTES, describeChanges, describeKept, describeLinkInvites, describeProjects, describeProtection, describeUnsafe, describeVia, formatCount } from './words.ts';

/** Default size limit: under GitHub's 65,536-character comment limit with room for a marker and a link. */
export const MARKDOWN_MAX_LENGTH = 60_000;

/** The smallest `maxLength` accepted: enough for the heading, verdict, notes and a cut summary table. */
export const MARKDOWN_MIN_LENGTH = 2_000;

/** Reported member changes listed per org; the rest are counted (the list sits outside the cut diff rows). */
const REPORTED_LINES = 20;

/** Unchanged invitees shown on each side of a change; longer runs become one `@@ … @@` line, as in `git diff`. */
const CONTEXT = 3;

/**
 * The plan as GitHub-flavoured markdown for a PR comment or job summary: heading, verdict, a summary
 * table, the fingerprint, then per org with changes a ```diff block of current vs desired invitees.
 * Never longer than `options.maxLength` (default {@link MARKDOWN_MAX_LENGTH}): detail is cut first,
 * and the cut is stated. Throws a RangeError when `maxLength` < {@link MARKDOWN_MIN_LENGTH}.
 */
export function renderMarkdown(input: RenderInput, options: RenderOptions): string {
  const maxLength = options.maxLength ?? MARKDOWN_MAX_LENGTH;
  if (!(maxLength >= MARKDOWN_MIN_LENGTH)) throw new RangeError(`maxLength must be at least ${MARKDOWN_MIN_LENGTH}, got ${maxLength}`);
  const { plan, safety, fingerprint } = prepareInput(input, options);
  const orgs = plan.orgs.map((org) => ({ org, verdict: verdictOf(safety, org.name) }));
  const totals = countPlanChanges(plan);
  const reported = countChanges(plan.orgs.flatMap((org) => org.reported ?? []));
  const unsafe = orgs.filter(({ verdict }) => !verdict.ok).length;
  // Member columns only where members are managed, so every other plan's table reads as before.
  const memberColumns = plan.orgs.some((org) => org.reported !== undefined || org.changes.some(isMemberChange));
  const table = orgs.map(({ org, verdict }) => tableRow(org, verdict, memberColumns));

  const head = (cut: HeadCut): string => {
    const parts = ['## invitectl plan', verdictLine(totalOf(totals) === 0 ? '' : describeChanges(totals), orgs.length, unsafe)];
    if (totalOf(reported) > 0) parts.push(`Reported (members: report — not applied): **${describeChanges(reported, true)}**`);
    if (cut.cut) parts.push(cutNote(cut, totalOf(totals), maxLength));
    parts.push(summaryTable(table, cut.tableRows, memberColumns));
    parts.push(`Fingerprint: \`${fingerprint}\``);
    return parts.join('\n\n');
  };
  const sections = orgs.filter(({ org }) => org.changes.length > 0 || (org.reported?.length ?? 0) > 0).map(({ org, verdict }) => section(org, verdict));
  return fitMarkdown({ head, tableRows: table.length, sections }, maxLength);
}

function verdictLine(changes: string, orgCount: number, unsafe: number): string {
  const across = orgCount === 0 ? '' : ` across ${formatCount(orgCount)} ${orgCount === 1 ? 'org' : 'orgs'}`;
  const line = changes === '' ? `**No changes**${across}` : `**${changes}**${across}`;
  if (unsafe === 0) return line;
  const orgs = unsafe === 1 ? '1 org exceeds' : `${formatCount(unsafe)} orgs exceed`;
  return `${line} · ⚠️ ${orgs} the mass-delete limits: \`invitectl apply\` refuses without \`--allow-mass-delete\``;
}

function cutNote(cut: HeadCut, total: number, maxLength: number): string {
  const hidden = totalOf(cut.hidden);
  const what = hidden > 0 ? `${formatCount(hidden)} of ${formatCount(total)} changes are not shown below` : 'some detail is not shown below';
  return `> [!NOTE]\n> This plan is cut to fit ${formatCount(maxLength)} characters: ${what}. Run \`invitectl plan\` for the full list.`;
}

function isMemberChange(change: Change): boolean {
  return change.action === 'change-role' || change.action === 'remove-member';
}

function tableRow(org: OrgPlan, verdict: SafetyVerdict, memberColumns: boolean): string {
  const counts = countChanges(org.changes);
  const cells = [escapeInline(org.name), org.provider, counts.create, counts.replace, counts.delete, ...(memberColumns ? [counts['change-role'], counts['remove-member']] : []), countKept(org.kept).unchanged];
  return `| ${cells.map((cell) => (typeof cell === 'number' ? formatCount(cell) : cell)).join(' | ')} | ${safetyCell(verdict)} |`;
}

/** ✅, or which guard is over its limit. */
function safetyCell(verdict: SafetyVerdict): string {
  if (verdict.ok) return '✅';
  const tripped = trippedGuards(verdict);
  const over: string[] = [];
  if (tripped.deletes || !tripped.removals) over.push(`${formatCount(verdict.deletes)} ${verdict.deletes === 1 ? 'revoke' : 'revokes'}`);
  if (tripped.removals) over.push(`${formatCount(verdict.removals ?? 0)} ${verdict.removals === 1 ? 'removal' : 'removals'}`);
  return `⚠️ ${over.join(', ')} over limit`;
}

function summaryTable(rows: readonly string[], shown: number, memberColumns: boolean): string {
  const heads = ['Org', 'Provider', 'Invite', 'Re-invite', 'Revoke', ...(memberColumns ? ['Role change', 'Remove member'] : []), 'Unchanged', 'Safety'];
  const aligns = heads.map((head, index) => (index < 2 ? '---' : head === 'Safety' ? ':---:' : '---:'));
  const lines = [`| ${heads.join(' | ')} |`, `| ${aligns.join(' | ')} |`];
  lines.push(...rows.slice(0, shown));
  const rest = rows.length - shown;
  if (rest > 0) lines.push(`| … ${formatCount(rest)} more ${rest === 1 ? 'org' : 'orgs'} not shown |${' |'.repeat(heads.length - 1)}`);
  return lines.join('\n');
}

function section(org: OrgPlan, verdict: SafetyVerdict): MarkdownSection {
  const kept = describeKept(countKept(org.kept));
  const parts = [
    `### ${escapeInline(org.name)} (${org.provider})`,
    `**${org.changes.length === 0 ? 'No changes' : describeChanges(countChanges(org.changes), true)}**${kept === '' ? '' : ` · ${kept}`}`,
    ...(org.linkInvites === undefined ? [] : [escapeInline(describeLinkInvites(org.linkInvites))]),
    ...reportedPart(org),
  ];
  if (!verdict.ok) {
    parts.push(`> [!WARNING]\n> **Unsafe:** ${describeUnsafe(verdict)}; \`invitectl apply\` refuses this org without \`--allow-mass-delete\`.`);
  }
  return { intro: parts.join('\n\n'), rows: elide(diffRows(org)) };
}

/** With `members: report`: what `manage` would do, in its own block, never applied (bounded: it is never cut). */
function reportedPart(org: OrgPlan): string[] {
  const reported = org.reported ?? [];
  if (reported.length === 0) return [];
  const access = (value: string | undefined): string => accessLabel(org.provider, value ?? '');
  const shown = reported.slice(0, REPORTED_LINES);
  const width = Math.max(0, ...shown.map((change) => change.email.length));
  const lines = shown.map((change) =>
    change.action === 'change-role'
      ? `~ change role    ${change.email.padEnd(width)}  ${access(change.from)} → ${change.to ?? ''}`
      : `- remove member  ${change.email.padEnd(width)}  ${access(change.from)}  (${change.reason === 'ended' ? 'grant ended' : 'unlisted'})`,
  );
  if (reported.length > REPORTED_LINES) lines.push(`… ${formatCount(reported.length - REPORTED_LINES)} more; run invitectl plan for the full list`);
  const fence = fenceFor(lines);
  return [`Reported (members: report — not applied): **${describeChanges(countChanges(reported), true)}**`, `${fence}\n${lines.join('\n')}\n${fence}`];
}

/** One invitee's line before (current) and after (desired) the apply; absent on the side it isn't on. */
interface Entry {
  row: Omit<DiffRow, 'lines'>;
  email: string;
  current?: [access: string, note: string];
  desired?: [access: string, note: string];
}

/**
 * Current vs desired lines per invitee, sorted by email. Each side holds one line per invitee, so
 * rows are aligned by email and `diffArrays` runs per invitee: a whole-list diff is O(N·D), which
 * took 30–90 s on a 20,000-change plan.
 */
function withProjects(access: string, projects: readonly ProjectGrant[] | undefined): string {
  return projects === undefined ? access : `${access}, ${describeProjects(projects)}`;
}

function diffRows(org: OrgPlan): DiffRow[] {
  const access = (value: string | undefined): string => accessLabel(org.provider, value ?? '');
  const entries: Entry[] = [
    ...org.changes.map((change): Entry => ({
      row: { action: change.action },
      email: change.email,
      ...(change.action === 'create' ? {} : { current: [withProjects(access(change.from), change.fromProjects), currentNote(change)] }),
      ...(change.action === 'delete' || change.action === 'remove-member' ? {} : { desired: [withProjects(access(change.to), change.projects), desiredNote(change)] }),
    })),
    ...org.kept.map((kept): Entry => {
      const side: [string, string] = [access(kept.access), kept.reason === 'protected' ? describeProtection(kept) : KEPT_NOTES[kept.reason]];
      return { row: {}, email: kept.email, current: side, desired: side };
    }),
  ];
  entries.sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));

  const emailWidth = Math.max(0, ...entries.map((entry) => entry.email.length));
  const accessWidth = Math.max(0, ...entries.flatMap((entry) => [entry.current?.[0].length ?? 0, entry.desired?.[0].length ?? 0]));
  const line = (email: string, [value, note]: [string, string]): string =>
    (note === '' ? `${email.padEnd(emailWidth)}  ${value}` : `${email.padEnd(emailWidth)}  ${value.padEnd(accessWidth)}  (${note})`);

  return entries.map(({ row, email, current, desired }) => {
    const parts = diffArrays(current === undefined ? [] : [line(email, current)], desired === undefined ? [] : [line(email, desired)]);
    const lines = parts.flatMap((part) => part.value.map((text) => `${part.added ? '+' : part.removed ? '-' : ' '} ${text}`));
    return { ...row, lines };
  });
}

/** The note on a change's desired line: a role change, and the groups it comes from. */
function desiredNote(change: Change): string {
  return [change.action === 'change-role' ? 'member, role change' : '', describeVia(change)].filter((note) => note !== '').join('; ');
}

/** The note on a change's current line: an expired invite, or a member being changed or removed. */
function currentNote(change: Change): string {
  if (change.action === 'change-role') return 'member';
  if (change.action === 'remove-member') return `member, removed: ${change.reason === 'ended' ? 'grant ended' : 'unlisted'}`;
  return change.reason === 'expired' ? 'expired' : '';
}

/** Keeps changed rows and {@link CONTEXT} rows around each; a longer run of unchanged rows becomes one line. */
function elide(rows: readonly DiffRow[]): DiffRow[] {
  const near = rows.map(() => false);
  rows.forEach((row, index) => {
    if (row.action === undefined) return;
    for (let i = Math.max(0, index - CONTEXT); i <= Math.min(rows.length - 1, index + CONTEXT); i += 1) near[i] = true;
  });
  const result: DiffRow[] = [];
  for (let index = 0; index < rows.length; ) {
    let end = index;
    while (end < rows.length && !near[end]) end += 1;
    const run = end - index;
    // A run of one is shown as is: the marker would take the same space and say less.
    if (run === 1) result.push(rows[index] as DiffRow);
    if (run > 1) result.push({ lines: [`@@ ${formatCount(run)} invitees without changes @@`] });
    if (end < rows.length) result.push(rows[end] as DiffRow);
    index = end + 1;
  }
  return result;
}
