// The markdown renderer: the plan for PR comments and job summaries.
import { diffArrays } from 'diff';
import type { OrgPlan, ProjectGrant, SafetyVerdict } from '../model.ts';
import { accessLabel, countChanges, countKept, countPlanChanges, prepareInput, totalOf, verdictOf } from './input.ts';
import type { RenderInput, RenderOptions } from './input.ts';
import { escapeInline } from './markdown-escape.ts';
import { fitMarkdown } from './markdown-fit.ts';
import type { DiffRow, HeadCut, MarkdownSection } from './markdown-fit.ts';
import { KEPT_NOTES, describeChanges, describeKept, describeLinkInvites, describeProjects, describeUnsafe, formatCount } from './words.ts';

/** Default size limit: under GitHub's 65,536-character comment limit with room for a marker and a link. */
export const MARKDOWN_MAX_LENGTH = 60_000;

/** The smallest `maxLength` accepted: enough for the heading, verdict, notes and a cut summary table. */
export const MARKDOWN_MIN_LENGTH = 2_000;

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
  const unsafe = orgs.filter(({ verdict }) => !verdict.ok).length;
  const table = orgs.map(({ org, verdict }) => tableRow(org, verdict));

  const head = (cut: HeadCut): string => {
    const parts = ['## invitectl plan', verdictLine(totalOf(totals) === 0 ? '' : describeChanges(totals), orgs.length, unsafe)];
    if (cut.cut) parts.push(cutNote(cut, totalOf(totals), maxLength));
    parts.push(summaryTable(table, cut.tableRows));
    parts.push(`Fingerprint: \`${fingerprint}\``);
    return parts.join('\n\n');
  };
  const sections = orgs.filter(({ org }) => org.changes.length > 0).map(({ org, verdict }) => section(org, verdict));
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

function tableRow(org: OrgPlan, verdict: SafetyVerdict): string {
  const counts = countChanges(org.changes);
  const safe = verdict.ok ? '✅' : `⚠️ ${formatCount(verdict.deletes)} ${verdict.deletes === 1 ? 'revoke' : 'revokes'} over limit`;
  const cells = [escapeInline(org.name), org.provider, counts.create, counts.replace, counts.delete, countKept(org.kept).unchanged];
  return `| ${cells.map((cell) => (typeof cell === 'number' ? formatCount(cell) : cell)).join(' | ')} | ${safe} |`;
}

function summaryTable(rows: readonly string[], shown: number): string {
  const lines = ['| Org | Provider | Invite | Re-invite | Revoke | Unchanged | Safety |', '| --- | --- | ---: | ---: | ---: | ---: | :---: |'];
  lines.push(...rows.slice(0, shown));
  const rest = rows.length - shown;
  if (rest > 0) lines.push(`| … ${formatCount(rest)} more ${rest === 1 ? 'org' : 'orgs'} not shown | | | | | | |`);
  return lines.join('\n');
}

function section(org: OrgPlan, verdict: SafetyVerdict): MarkdownSection {
  const kept = describeKept(countKept(org.kept));
  const parts = [
    `### ${escapeInline(org.name)} (${org.provider})`,
    `**${describeChanges(countChanges(org.changes), true)}**${kept === '' ? '' : ` · ${kept}`}`,
    ...(org.linkInvites === undefined ? [] : [escapeInline(describeLinkInvites(org.linkInvites))]),
  ];
  if (!verdict.ok) {
    parts.push(`> [!WARNING]\n> **Unsafe:** ${describeUnsafe(verdict)}; \`invitectl apply\` refuses this org without \`--allow-mass-delete\`.`);
  }
  return { intro: parts.join('\n\n'), rows: elide(diffRows(org)) };
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
      ...(change.action === 'create' ? {} : { current: [withProjects(access(change.from), change.fromProjects), change.reason === 'expired' ? 'expired' : ''] }),
      ...(change.action === 'delete' ? {} : { desired: [withProjects(access(change.to), change.projects), ''] }),
    })),
    ...org.kept.map((kept): Entry => {
      const side: [string, string] = [access(kept.access), KEPT_NOTES[kept.reason]];
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
