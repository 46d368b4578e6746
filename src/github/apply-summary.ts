// The apply report in GitHub Actions: job summary and step outputs.
import type { ApplyReport, ChangeOutcome, ChangeResult } from '../model.ts';
import { cleanText, safeMessage } from '../sanitize.ts';
import { escapeInline } from '../render/markdown-escape.ts';
import { redactEmail, redactEmailsInText } from '../render/redact-email.ts';
import { formatCount } from '../render/words.ts';
import { isGitHubActions, readActionsEnvironment } from './environment.ts';
import type { ActionsIO } from './plan-report.ts';
import { writeOutputs } from './outputs.ts';
import { appendSummary } from './summary.ts';

/** Failures first, so a cut table never hides one behind successes. */
const OUTCOME_ORDER: readonly ChangeOutcome[] = ['failed', 'skipped', 'confirmed', 'applied'];

const OUTCOME_LABEL: Readonly<Record<ChangeOutcome, string>> = {
  failed: '❌ failed',
  skipped: '⏭️ skipped',
  confirmed: '✅ confirmed',
  applied: '✅ applied',
};

/** Enough for the heading, the tally and a note of rows left out. */
export const APPLY_SUMMARY_MIN_LENGTH = 1_000;

/** How to render the apply results table. */
export interface ApplySummaryOptions {
  /** Show emails as `a***@acme.com#1a2b3c`, in the email column and inside API messages. */
  redactEmails: boolean;
  /** The most characters the markdown may have; rows past it are counted, not shown. */
  maxLength: number;
}

/**
 * An apply's results as GitHub markdown for the job summary: a tally, then one table row per
 * change (outcome, org, action, email, the API's status, code and message, request id), failed
 * and skipped changes first, each group in plan order. Rows that would pass `maxLength` are left
 * out and counted in a closing line.
 */
export function formatApplySummary(report: ApplyReport, options: ApplySummaryOptions): string {
  const results = OUTCOME_ORDER.flatMap((outcome) => report.results.filter((result) => result.outcome === outcome));
  if (results.length === 0) return '## invitectl apply\n\n**Nothing to apply.**\n';
  const head = ['## invitectl apply', '', tally(results), '', '| Outcome | Org | Action | Email | API response | Request id |', '| --- | --- | --- | --- | --- | --- |'].join('\n');
  const lines = [head];
  let length = head.length;
  let shown = 0;
  for (const result of results) {
    const row = `\n${tableRow(result, options.redactEmails)}`;
    // Keep room for the closing note on the rows left out.
    if (length + row.length + 200 > options.maxLength) break;
    lines.push(row);
    length += row.length;
    shown += 1;
  }
  const rest = results.slice(shown);
  if (rest.length > 0) {
    const failed = rest.filter((result) => result.outcome === 'failed').length;
    lines.push(`\n\n> [!NOTE]\n> ${formatCount(rest.length)} more ${rest.length === 1 ? 'change is' : 'changes are'} not shown${failed > 0 ? ` (${formatCount(failed)} failed)` : ''}: see the audit log or the step's log.`);
  }
  return `${lines.join('')}\n`;
}

/**
 * In GitHub Actions, appends {@link formatApplySummary} to `$GITHUB_STEP_SUMMARY` (within its 1 MiB);
 * does nothing elsewhere. A summary that cannot be written is a warning on stderr.
 */
export async function reportApplyToActions(io: ActionsIO, report: ApplyReport, options: Pick<ApplySummaryOptions, 'redactEmails'>): Promise<void> {
  if (!isGitHubActions(io.env)) return;
  const { summaryFile } = readActionsEnvironment(io.env);
  if (!summaryFile) return;
  const result = await appendSummary(summaryFile, (maxLength) => formatApplySummary(report, { ...options, maxLength }), APPLY_SUMMARY_MIN_LENGTH);
  if (!result.written) io.stderr.write(`warning: apply results not added to the job summary: ${result.reason}\n`);
}

function tally(results: readonly ChangeResult[]): string {
  const count = (outcome: ChangeOutcome): number => results.filter((result) => result.outcome === outcome).length;
  const parts = OUTCOME_ORDER.filter((outcome) => count(outcome) > 0).map((outcome) => `${formatCount(count(outcome))} ${outcome}`);
  const failed = count('failed');
  return `${failed > 0 ? '**❌ Some changes failed**' : '**✅ Apply complete**'}: ${parts.join(', ')}.`;
}

function tableRow(result: ChangeResult, redactEmails: boolean): string {
  const { change, failure } = result;
  const email = redactEmails ? redactEmail(change.email) : change.email;
  const cells = [OUTCOME_LABEL[result.outcome], escapeInline(change.org), change.action, `\`${code(email)}\``, response(result, redactEmails), escapeInline(failure?.requestId ?? result.requestId ?? '')];
  return `| ${cells.join(' | ')} |`;
}

function response(result: ChangeResult, redactEmails: boolean): string {
  const failure = result.failure;
  if (failure === undefined) return '';
  const message = safeMessage(redactEmails ? redactEmailsInText(failure.message) : failure.message);
  const parts = [failure.status === undefined ? '' : String(failure.status), failure.code === undefined ? '' : `\`${code(failure.code)}\``, escapeInline(message)];
  return parts.filter((part) => part !== '').join(' ');
}

/** Text for an inline code span in a table cell: no backticks, pipes or line breaks to break out of it. */
function code(text: string): string {
  return cleanText(text.replace(/[`|]/g, '').replace(/\s+/g, ' '));
}

/**
 * apply's step outputs: `applied` (applied or confirmed), `failed`, `skipped` (counts) and
 * `failure_reason` (empty when every change was made).
 */
export function applyOutputs(counts: Readonly<Record<ChangeOutcome, number>>, reason: string | undefined): Record<string, string> {
  return { applied: String(counts.applied + counts.confirmed), failed: String(counts.failed), skipped: String(counts.skipped), failure_reason: reason ?? '' };
}

/** In GitHub Actions, writes {@link applyOutputs} to `$GITHUB_OUTPUT`; a failed write is a warning here, since apply's own outcome matters more. */
export async function writeApplyOutputs(io: ActionsIO, counts: Readonly<Record<ChangeOutcome, number>>, reason: string | undefined): Promise<void> {
  if (!isGitHubActions(io.env)) return;
  const { outputFile } = readActionsEnvironment(io.env);
  if (!outputFile) return;
  await writeOutputs(outputFile, applyOutputs(counts, reason)).catch((error: Error) => io.stderr.write(`warning: ${error.message}\n`));
}
