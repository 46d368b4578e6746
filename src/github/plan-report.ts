// The plan in GitHub Actions: job summary and step outputs.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvitectlError } from '../errors.ts';
import type { OutputStream } from '../io.ts';
import type { Plan } from '../model.ts';
import { renderPlan, type RenderInput } from '../render/index.ts';
import { countPlanChanges, totalOf } from '../render/input.ts';
import { MARKDOWN_MAX_LENGTH, MARKDOWN_MIN_LENGTH } from '../render/markdown.ts';
import { isGitHubActions, readActionsEnvironment, type Env } from './environment.ts';
import { writeOutputs } from './outputs.ts';
import { appendSummary } from './summary.ts';

/** What the Actions reporters need of the CLI's io. */
export interface ActionsIO {
  env: Env;
  stderr: OutputStream;
}

/** Plan options that change what the summary and outputs show. */
export interface PlanReportOptions {
  /** `--redact-emails`: the summary and the markdown file show `a***@acme.com#1a2b3c`. */
  redactEmails: boolean;
}

/**
 * The plan's step outputs: `has_changes` (`true`/`false`), `create`, `replace`, `delete` (counts)
 * and `fingerprint` (for `apply --expect-fingerprint`); with member changes, also `change_role` and
 * `remove_member` (left out otherwise, so invite-only plans write what they always wrote).
 */
export function planOutputs(plan: Plan, fingerprint: string): Record<string, string> {
  const counts = countPlanChanges(plan);
  return {
    has_changes: String(totalOf(counts) > 0),
    create: String(counts.create),
    replace: String(counts.replace),
    delete: String(counts.delete),
    ...(counts['change-role'] + counts['remove-member'] > 0 ? { change_role: String(counts['change-role']), remove_member: String(counts['remove-member']) } : {}),
    fingerprint,
  };
}

/**
 * In GitHub Actions (`GITHUB_ACTIONS=true`), after a plan: appends the markdown plan to
 * `$GITHUB_STEP_SUMMARY` (cut to the 1 MiB per step), writes {@link planOutputs} to
 * `$GITHUB_OUTPUT`, and when `$RUNNER_TEMP` is set writes the markdown plan (at most
 * 60,000 characters, so it fits an issue or comment body) to a file named by the `markdown_file`
 * output. Does nothing elsewhere. A summary that cannot be written is a warning on stderr; outputs
 * that cannot be written are an error, since later steps would act on nothing.
 */
export async function reportPlanToActions(io: ActionsIO, input: RenderInput, options: PlanReportOptions): Promise<void> {
  if (!isGitHubActions(io.env)) return;
  const actions = readActionsEnvironment(io.env);
  const markdownFor = (maxLength: number): string => renderPlan('markdown', input, { color: false, redactEmails: options.redactEmails, maxLength });
  if (actions.summaryFile) {
    const result = await appendSummary(actions.summaryFile, markdownFor, MARKDOWN_MIN_LENGTH);
    if (!result.written) io.stderr.write(`warning: plan not added to the job summary: ${result.reason}\n`);
  }
  if (!actions.outputFile) return;
  const outputs = planOutputs(input.plan, input.fingerprint);
  if (actions.tempDir) outputs['markdown_file'] = await writeMarkdownFile(actions.tempDir, markdownFor(MARKDOWN_MAX_LENGTH));
  await writeOutputs(actions.outputFile, outputs);
}

async function writeMarkdownFile(tempDir: string, markdown: string): Promise<string> {
  // A directory of its own: two plans in one job (two configs) must not overwrite each other's file.
  try {
    const file = join(await mkdtemp(join(tempDir, 'invitectl-plan-')), 'plan.md');
    await writeFile(file, markdown, 'utf8');
    return file;
  } catch (error) {
    throw new InvitectlError(`cannot write the markdown plan under $RUNNER_TEMP (${tempDir}): ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}
