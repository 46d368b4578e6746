// What changed between the plan a reviewer saw (a plan file) and the fresh one apply made.
import type { FingerprintRow } from '../fingerprint.ts';
import { escapeInline } from '../render/markdown-escape.ts';
import { redactEmail } from '../render/redact-email.ts';
import { cleanText } from '../sanitize.ts';

/** Changes only one plan has, and changes both have for the same invitee but not the same. */
export interface PlanDiff {
  appeared: FingerprintRow[];
  disappeared: FingerprintRow[];
  differ: { reviewed: FingerprintRow; fresh: FingerprintRow }[];
}

/** Lines shown per kind; the rest are counted. Keeps a 20,000-change refusal readable and bounded. */
const MAX_LINES = 50;

const MEMBER_ACTIONS = new Set(['change-role', 'remove-member']);

/** One invitee's invite change, or their member change: a plan has at most one of each. */
function keyOf(row: FingerprintRow): string {
  return JSON.stringify([row.org, row.email.trim().toLowerCase(), MEMBER_ACTIONS.has(row.action)]);
}

function sameRow(a: FingerprintRow, b: FingerprintRow): boolean {
  const sent = (row: FingerprintRow) => row.action !== 'delete';
  const grants = (list: FingerprintRow['projects']) => (list ?? []).map((grant) => `${grant.id}:${grant.level}`).sort().join(',');
  const tuple = (row: FingerprintRow) =>
    JSON.stringify([row.action, row.reason ?? null, row.from ?? null, row.to ?? null, sent(row) ? (row.firstName ?? null) : null, sent(row) ? (row.message ?? null) : null, grants(row.projects), grants(row.fromProjects)]);
  return tuple(a) === tuple(b);
}

/** The changes that appeared, disappeared or differ, each in the order its plan lists them. */
export function diffPlans(reviewed: readonly FingerprintRow[], fresh: readonly FingerprintRow[]): PlanDiff {
  const before = new Map(reviewed.map((row) => [keyOf(row), row]));
  const after = new Map(fresh.map((row) => [keyOf(row), row]));
  const diff: PlanDiff = { appeared: [], disappeared: [], differ: [] };
  for (const row of fresh) {
    const old = before.get(keyOf(row));
    if (old === undefined) diff.appeared.push(row);
    else if (!sameRow(old, row)) diff.differ.push({ reviewed: old, fresh: row });
  }
  for (const row of reviewed) if (!after.has(keyOf(row))) diff.disappeared.push(row);
  return diff;
}

/** `invite bob@acme.com (level: admin)`, as the diff lines say it. */
function describeRow(row: FingerprintRow, redactEmails: boolean): string {
  const email = redactEmails ? redactEmail(row.email) : row.email;
  const access = row.from !== undefined && row.to !== undefined ? `${row.from} → ${row.to}` : (row.to ?? row.from ?? '');
  const why = row.reason === undefined ? '' : `, ${row.reason}`;
  return cleanText(`${row.org}: ${row.action} ${email} (${access}${why})`);
}

function describeDiffer(pair: PlanDiff['differ'][number], redactEmails: boolean): string {
  const fresh = describeRow(pair.fresh, redactEmails);
  const reviewed = describeRow(pair.reviewed, redactEmails);
  // Same action and access: only what the invite email says, or its project grants, changed.
  if (fresh === reviewed) return `${fresh}: its first name, message or project grants changed`;
  return `${fresh}, reviewed as ${reviewed.slice(reviewed.indexOf(': ') + 2)}`;
}

/** Every line of the diff with its sign (`+` appeared, `-` disappeared, `~` differs), at most {@link MAX_LINES} of each. */
function diffLines(diff: PlanDiff, redactEmails: boolean): string[] {
  const part = <T>(sign: string, label: string, items: readonly T[], describe: (item: T) => string): string[] => {
    const lines = items.slice(0, MAX_LINES).map((item) => `${sign} ${describe(item)}`);
    if (items.length > MAX_LINES) lines.push(`${sign} … ${items.length - MAX_LINES} more ${label}`);
    return lines;
  };
  return [
    ...part('+', 'appeared', diff.appeared, (row) => describeRow(row, redactEmails)),
    ...part('-', 'disappeared', diff.disappeared, (row) => describeRow(row, redactEmails)),
    ...part('~', 'differ', diff.differ, (pair) => describeDiffer(pair, redactEmails)),
  ];
}

/** One line of counts: `2 appeared, 1 disappeared, 0 differ`. */
export function countLine(diff: PlanDiff): string {
  return `${diff.appeared.length} appeared, ${diff.disappeared.length} disappeared, ${diff.differ.length} differ`;
}

/** The diff as indented text for the refusal message. */
export function formatPlanDiffText(diff: PlanDiff, redactEmails: boolean): string {
  return [`What changed since the reviewed plan (${countLine(diff)}):`, ...diffLines(diff, redactEmails).map((line) => `  ${line}`)].join('\n');
}

/** The diff as a markdown ```diff block for the job summary. */
export function formatPlanDiffMarkdown(diff: PlanDiff, redactEmails: boolean): string {
  const lines = diffLines(diff, redactEmails).map((line) => line.replace(/`/g, "'"));
  return [`**What changed since the reviewed plan:** ${escapeInline(countLine(diff))}.`, '', '```diff', ...lines.map((line) => line.replace(/^~/, '!')), '```'].join('\n');
}
