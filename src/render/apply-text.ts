// The apply report as text: one line per failed or skipped change and the totals.
import type { ApplyReport, ChangeOutcome, ChangeResult } from '../model.ts';
import { cleanText, safeMessage } from '../sanitize.ts';

const VERBS = { create: 'invite', replace: 're-invite', delete: 'revoke', 'change-role': 'change role of', 'remove-member': 'remove member' } as const;

/** A reason shared by more changes than this is one line with its count, not a row per change. */
const GROUP_OVER = 5;

/** The narrowest the error column gets when the table wraps to the terminal. */
const MIN_ERROR_WIDTH = 24;

/** One line for a settled change, as apply prints it while it works (no TTY). */
export function formatResultLine(result: ChangeResult): string {
  const { change, outcome, failure } = result;
  const mark = outcome === 'failed' ? '✗' : outcome === 'skipped' ? '-' : '✓';
  const note = outcome === 'confirmed' ? ' (confirmed by re-reading)' : '';
  const why = failure ? `: ${outcome}: ${describeFailure(result)}` : '';
  return `${mark} ${cleanText(change.org)}: ${VERBS[change.action]} ${cleanText(change.email)}${note}${why}`;
}

/** How the report is laid out: `width` is the terminal's columns (none: no wrapping). */
export interface ApplyReportOptions {
  width?: number;
}

/**
 * The closing summary: counts by outcome, then a table of the changes that failed or were skipped
 * (a reason shared by many is one line with its count), then whether re-running apply helps.
 */
export function renderApplyReport(report: ApplyReport, options: ApplyReportOptions = {}): string {
  const counts: Record<ChangeOutcome, number> = { applied: 0, confirmed: 0, failed: 0, skipped: 0 };
  for (const result of report.results) counts[result.outcome] += 1;
  const lines = [`Apply: ${counts.applied} applied, ${counts.confirmed} confirmed, ${counts.failed} failed, ${counts.skipped} skipped.`];
  const problems = report.results.filter((result) => result.outcome === 'failed' || result.outcome === 'skipped');
  if (problems.length === 0) return `${lines.join('\n')}\n`;

  const byReason = groupBy(problems, (result) => `${result.outcome}: ${describeFailure(result)}`);
  const grouped = [...byReason].filter(([, results]) => results.length > GROUP_OVER);
  const single = problems.filter((result) => (byReason.get(`${result.outcome}: ${describeFailure(result)}`)?.length ?? 0) <= GROUP_OVER);
  lines.push('', 'Not applied:');
  if (single.length > 0) lines.push(...table(single, options.width));
  for (const [reason, results] of grouped) {
    const orgs = [...groupBy(results, (result) => result.change.org)].map(([org, inOrg]) => `${cleanText(org)} ${inOrg.length}`).join(', ');
    lines.push(...wrap(`${results.length} ${reason} (${orgs})`, options.width, '  ', '    '));
  }
  lines.push('', ...wrap(rerunAdvice(problems), options.width, '', ''));
  return `${lines.join('\n')}\n`;
}

/** A row per change; the error column wraps (continuing under itself) so each line fits `width`. */
function table(results: ChangeResult[], width: number | undefined): string[] {
  const header = ['org', 'action', 'email', 'outcome', 'error', 'request id'];
  const rows = results.map((result) => [cleanText(result.change.org), VERBS[result.change.action], cleanText(result.change.email), result.outcome, describeFailure(result), cleanText(result.requestId ?? '')]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const indent = 2 + widths.slice(0, 4).reduce((sum, columnWidth) => sum + columnWidth + 2, 0);
  const errorWidth = width === undefined ? widths[4]! : Math.min(widths[4]!, Math.max(MIN_ERROR_WIDTH, width - indent - widths[5]! - 2));
  return [header, ...rows].flatMap((row) => {
    const lead = `  ${row.slice(0, 4).map((cell, column) => cell.padEnd(widths[column]!)).join('  ')}  `;
    const [first = '', ...rest] = wrapText(row[4]!, errorWidth);
    return [`${lead}${first.padEnd(errorWidth)}  ${row[5]}`.trimEnd(), ...rest.map((line) => `${' '.repeat(indent)}${line}`)];
  });
}

/**
 * Whether running apply again helps: a refusal about the request itself (a 400, 403, 422…) comes
 * back the same every time, so promising convergence would send the user round in circles.
 */
function rerunAdvice(problems: ChangeResult[]): string {
  const repeating = problems.filter((result) => willRepeat(result.failure?.status));
  const converges = 'Re-running apply converges: it plans again and does only what is still missing.';
  if (repeating.length === 0) return converges;
  const statuses = [...new Set(repeating.map((result) => result.failure!.status))].sort().join(', ');
  const them = repeating.length === 1 ? '1 change was' : `${repeating.length} changes were`;
  const head = `${them} refused for the request itself (HTTP ${statuses}): re-running apply fails the same way until the config, the key's access or the org's settings change.`;
  const others = problems.length - repeating.length;
  return others === 0 ? head : `${head} For the other ${others}, re-running apply plans again and does only what is still missing.`;
}

/** 4xx answers about the request, not the moment: 408, 409, 423, 425 and 429 may pass on a retry. */
function willRepeat(status: number | undefined): boolean {
  return status !== undefined && status >= 400 && status < 500 && ![408, 409, 423, 425, 429].includes(status);
}

/** `text` cut into lines of at most `width` characters, at spaces where it can; no width: one line. */
function wrapText(text: string, width: number | undefined): string[] {
  if (width === undefined || text.length <= width) return [text];
  const lines: string[] = [];
  let rest = text;
  while (rest.length > width) {
    const space = rest.lastIndexOf(' ', width);
    const cut = space > width / 2 ? space : width;
    lines.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  return rest ? [...lines, rest] : lines;
}

function wrap(text: string, width: number | undefined, first: string, next: string): string[] {
  const lines = wrapText(text, width === undefined ? undefined : Math.max(MIN_ERROR_WIDTH, width - next.length));
  return lines.map((line, index) => `${index === 0 ? first : next}${line}`);
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

function describeFailure(result: ChangeResult): string {
  const failure = result.failure;
  if (!failure) return '';
  // The API's words: keys masked, long quotes cut, control and bidi characters removed, one line.
  const answer = [failure.status, failure.code].filter((part) => part !== undefined).join(' ');
  return safeMessage(answer ? `${answer}: ${failure.message}` : failure.message);
}
