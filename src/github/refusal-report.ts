// Refusals and failures in GitHub Actions: a job summary saying what happened and what to do, and an ::error annotation.
import type { FailureReason } from '../commands/refusal.ts';
import { fenceFor } from '../render/markdown-escape.ts';
import { cleanText, safeMessage } from '../sanitize.ts';
import { escapeData, escapeProperty } from './annotations.ts';
import { isGitHubActions, readActionsEnvironment } from './environment.ts';
import type { ActionsIO } from './plan-report.ts';
import { appendSummary } from './summary.ts';

/** What went wrong, for the summary and the annotation. */
export interface Refusal {
  command: 'plan' | 'apply';
  reason: FailureReason;
  /** The one message the terminal shows (may span lines: a list of orgs, a plan diff). */
  message: string;
  /** Markdown under the message (e.g. the plan diff as a diff block); may be empty. */
  detail: string;
}

const HEADLINES: Readonly<Record<FailureReason, string>> = {
  'plan-changed': 'The plan changed since it was reviewed',
  unsafe: 'The mass-delete guard tripped',
  'read-failed': 'An API could not be read',
  'config-invalid': 'The config has problems',
  'plan-file-invalid': 'The plan file cannot be used',
  'not-confirmed': 'Apply was not confirmed',
  usage: 'The command line is wrong',
  'apply-failed': 'Some changes failed',
  'audit-log-failed': 'The audit log could not be written',
  error: 'invitectl failed',
};

const ADVICE: Readonly<Record<FailureReason, string>> = {
  'plan-changed':
    'Plan again (push to the pull request, or run `invitectl plan`), review the new plan, and apply that one. In the example apply workflow, “Run workflow” applies a fresh plan, still in the protected environment.',
  unsafe:
    'Review the revokes and member removals in the plan. If they are intended, a reviewer approves them without editing any workflow: in the example apply workflow, add the `invitectl-allow-mass-delete` label to the pull request before merging, or run the workflow by hand with the `allow-mass-delete` input; either adds `--allow-mass-delete`.',
  'read-failed': 'Check the message: the API keys in the secrets, their scopes, the hosts, and the APIs’ status. Nothing was written; re-run the job once it is fixed.',
  'config-invalid': 'Fix the problems the annotations point at, and push again.',
  'plan-file-invalid': 'Write the plan file again with `invitectl plan --out`, and apply that file.',
  'not-confirmed': 'Pass `--yes`, or a plan file from `invitectl plan --out`.',
  usage: 'Fix the arguments (see `invitectl apply --help`).',
  'apply-failed': 'See the table of results: fix what the API refused, then re-run apply; it plans again and does only what is still missing.',
  'audit-log-failed': 'Make the audit log writable, then re-run apply; it plans again and does only what is still missing.',
  error: 'See the step’s log.',
};

/** Enough for the heading, the headline and the advice. */
const MIN_LENGTH = 1_500;

/**
 * The refusal as job-summary markdown within `maxLength` characters: heading, headline, the message
 * in a text block, the detail, and what to do. A message or detail too long is cut by whole lines, saying so.
 */
export function formatRefusalSummary(refusal: Refusal, maxLength: number): string {
  const head = [`## invitectl ${refusal.command}: ${refusal.command === 'plan' || refusal.reason === 'apply-failed' ? 'failed' : 'refused'}`, `> [!CAUTION]\n> **${HEADLINES[refusal.reason]}.**${refusal.command === 'apply' && refusal.reason !== 'apply-failed' && refusal.reason !== 'audit-log-failed' ? ' Nothing was written.' : ''}`];
  const tail = [`**What to do:** ${ADVICE[refusal.reason]}`, `<sub>failure-reason: \`${refusal.reason}\`</sub>`];
  const fixed = [...head, ...tail].join('\n\n').length + 200;
  const message = cutLines(safeMessage(refusal.message, true).split('\n'), Math.max(200, Math.floor((maxLength - fixed) / 2)));
  const fence = fenceFor(message);
  const detail = refusal.detail === '' ? [] : [cutMarkdown(refusal.detail, Math.max(0, maxLength - fixed - message.join('\n').length - 20))];
  return `${[...head, `${fence}text\n${message.join('\n')}\n${fence}`, ...detail.filter((part) => part !== ''), ...tail].join('\n\n')}\n`;
}

/** The refusal as one `::error` workflow command: headline, the message's first lines, and what to do. */
export function formatRefusalAnnotation(refusal: Refusal): string {
  const lines = safeMessage(refusal.message, true).split('\n');
  const shown = [...lines.slice(0, ANNOTATION_LINES), ...(lines.length > ANNOTATION_LINES ? ['…'] : [])].map((line) => cleanText(line));
  const title = escapeProperty(`invitectl ${refusal.command}: ${refusal.reason}`);
  return `::error title=${title}::${escapeData(`${HEADLINES[refusal.reason]}: ${shown.join('\n')}\n${ADVICE[refusal.reason]}`)}\n`;
}

/** An annotation is a headline in the checks list: the first lines of the message, the rest is in the summary. */
const ANNOTATION_LINES = 6;

/**
 * In GitHub Actions, appends {@link formatRefusalSummary} to `$GITHUB_STEP_SUMMARY` and writes
 * {@link formatRefusalAnnotation} to stderr; does nothing elsewhere. Never throws: the refusal itself is what the user must see.
 */
export async function reportRefusalToActions(io: ActionsIO, refusal: Refusal): Promise<void> {
  if (!isGitHubActions(io.env)) return;
  io.stderr.write(formatRefusalAnnotation(refusal));
  const { summaryFile } = readActionsEnvironment(io.env);
  if (!summaryFile) return;
  const result = await appendSummary(summaryFile, (maxLength) => formatRefusalSummary(refusal, maxLength), MIN_LENGTH);
  if (!result.written) io.stderr.write(`warning: the refusal was not added to the job summary: ${result.reason}\n`);
}

/** As many whole lines as fit in `max` characters, and a line saying how many were left out. */
function cutLines(lines: readonly string[], max: number): string[] {
  const kept: string[] = [];
  let length = 0;
  for (const line of lines) {
    if (length + line.length + 1 > max) break;
    kept.push(line);
    length += line.length + 1;
  }
  const hidden = lines.length - kept.length;
  if (hidden > 0) kept.push(`… ${hidden} more ${hidden === 1 ? 'line' : 'lines'} not shown; see the step's log.`);
  return kept;
}

/** A markdown part that fits, or a note; a fenced block is cut inside its fence and closed again. */
function cutMarkdown(markdown: string, max: number): string {
  if (markdown.length <= max) return markdown;
  const lines = markdown.split('\n');
  const fences = lines.filter((line) => line.startsWith('```')).length;
  // Only a single fenced block can be cut and closed again safely; anything else is left out whole.
  if (max < 100 || fences !== 2) return "_More detail is left out to fit the job summary; see the step's log._";
  const fence = lines.findIndex((line) => line.startsWith('```'));
  const close = lines.findIndex((line, index) => index > fence && line.startsWith('```'));
  const inner = cutLines(lines.slice(fence + 1, close), max - lines.slice(0, fence + 1).join('\n').length - 10);
  return [...lines.slice(0, fence + 1), ...inner, lines[close]].join('\n');
}
