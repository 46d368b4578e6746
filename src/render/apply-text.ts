// The apply report as text: one line per failed or skipped change and the totals.
import type { ApplyReport, ChangeOutcome, ChangeResult } from '../model.ts';
import { cleanText, safeMessage } from '../sanitize.ts';

const VERBS = { create: 'invite', replace: 're-invite', delete: 'revoke', 'change-role': 'change role of', 'remove-member': 'remove member' } as const;

/** One line for a settled change, as apply prints it while it works (no TTY). */
export function formatResultLine(result: ChangeResult): string {
  const { change, outcome, failure } = result;
  const mark = outcome === 'failed' ? '✗' : outcome === 'skipped' ? '-' : '✓';
  const note = outcome === 'confirmed' ? ' (confirmed by re-reading)' : '';
  const why = failure ? `: ${outcome}: ${describeFailure(result)}` : '';
  return `${mark} ${cleanText(change.org)}: ${VERBS[change.action]} ${cleanText(change.email)}${note}${why}`;
}

/** The closing summary: counts by outcome, then a table of every change that failed or was skipped. */
export function renderApplyReport(report: ApplyReport): string {
  const counts: Record<ChangeOutcome, number> = { applied: 0, confirmed: 0, failed: 0, skipped: 0 };
  for (const result of report.results) counts[result.outcome] += 1;
  const lines = [`Apply: ${counts.applied} applied, ${counts.confirmed} confirmed, ${counts.failed} failed, ${counts.skipped} skipped.`];
  const problems = report.results.filter((result) => result.outcome === 'failed' || result.outcome === 'skipped');
  if (problems.length > 0) {
    const rows = problems.map((result) => [cleanText(result.change.org), VERBS[result.change.action], cleanText(result.change.email), result.outcome, describeFailure(result), cleanText(result.requestId ?? '')]);
    const header = ['org', 'action', 'email', 'outcome', 'error', 'request id'];
    const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
    const format = (row: string[]) => `  ${row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ')}`.trimEnd();
    lines.push('', 'Not applied:', format(header), ...rows.map(format), '', 'Re-running apply converges: it plans again and does only what is still missing.');
  }
  return `${lines.join('\n')}\n`;
}

function describeFailure(result: ChangeResult): string {
  const failure = result.failure;
  if (!failure) return '';
  // The API's words: keys masked, long quotes cut, control and bidi characters removed, one line.
  const answer = [failure.status, failure.code].filter((part) => part !== undefined).join(' ');
  return safeMessage(answer ? `${answer}: ${failure.message}` : failure.message);
}
