// `invitectl plan`: reads every org and prints what apply would change.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { shouldColor } from '../color.ts';
import { ConfigError, InvitectlError, UsageError } from '../errors.ts';
import { COMMENT_MODES, postPlanComment, type CommentMode } from '../github/comment.ts';
import { isGitHubActions, readActionsEnvironment } from '../github/environment.ts';
import { writeOutputs } from '../github/outputs.ts';
import { reportPlanToActions } from '../github/plan-report.ts';
import { reportRefusalToActions } from '../github/refusal-report.ts';
import type { CliIO, Command } from '../io.ts';
import { renderPlan } from '../render/index.ts';
import { toJsonPlan } from '../render/json.ts';
import { useRedactionKey } from '../render/redact-email.ts';
import { describeUnsafe } from '../render/words.ts';
import { cleanText, escapeJsonOutput } from '../sanitize.ts';
import { parseTimeLimits, TIME_FLAGS, timeFlagsHelp } from '../deadline.ts';
import { parseVerbArgs } from './args.ts';
import { configDigest, configPathFromPlanFile, PLAN_FILE_VERSION, type PlanFileBinding } from './plan-file.ts';
import { planFromApis, type PlanRun } from '../reconcile.ts';

const FORMATS = ['text', 'markdown', 'json'] as const;
type Format = (typeof FORMATS)[number];

/** `invitectl plan`: reads every org (read-only) and prints what apply would change. */
export const planCommand: Command = {
  name: 'plan',
  help: `Usage: invitectl plan [-c FILE] [--org NAME]... [--format text|markdown|json] [--out PLAN.json]
                      [--detailed-exitcode] [--redact-emails] [--comment] [--comment-mode MODE]
                      [--color|--no-color]

Reads the current invites and members of every org (all pages, orgs in parallel) and prints
the changes apply would make. Sends no write: the HTTP layer refuses anything but GET.

Options:
  -c, --config FILE     config file, or a directory of them (default: invites.yaml)
  --org NAME            only this org (repeatable)
  --format FORMAT       text (default), markdown (for PR comments and job summaries) or json
  --out PLAN.json       also write the plan as JSON, for \`invitectl apply PLAN.json\`
  --detailed-exitcode   exit 2 when there are changes, 0 when there are none
  --redact-emails       show emails as a***@acme.com#1a2b3c in every format and file, and leave
                        out first names and messages (keyed by INVITECTL_REDACT_KEY when set)
  --comment             post the plan as one sticky pull-request comment, updated in place
                        (GitHub Actions: token from GITHUB_TOKEN, PR from the event payload)
  --comment-mode MODE   update (default: one comment, updated in place), changes-only (no
                        comment while there are no changes; a stale one is deleted) or new
                        (a fresh comment on every run); implies --comment
  --color, --no-color   force colour on or off (default: NO_COLOR, FORCE_COLOR, then TTY)
${timeFlagsHelp(24)}
  -h, --help            show this help

Exit codes: 0 success (with --detailed-exitcode: no changes), 1 error (nothing printed
on stdout), 2 changes pending (with --detailed-exitcode).
`,
  async run(argv, io) {
    const { values } = parseVerbArgs('plan', argv, {
      config: { type: 'string', short: 'c', default: 'invites.yaml' },
      ...TIME_FLAGS,
      org: { type: 'string', multiple: true, default: [] },
      format: { type: 'string', default: 'text' },
      out: { type: 'string' },
      'detailed-exitcode': { type: 'boolean', default: false },
      'redact-emails': { type: 'boolean', default: false },
      comment: { type: 'boolean', default: false },
      'comment-mode': { type: 'string' },
      color: { type: 'boolean' },
      'no-color': { type: 'boolean' },
    });
    if (values.help) {
      io.stdout.write(this.help);
      return 0;
    }
    const format = parseFormat(values.format);
    const mode = parseCommentMode(values['comment-mode']);
    if (values['redact-emails']) useRedactionKey(io.env);
    // Hashed before and after loading, so the plan file binds to the very bytes that were planned from.
    const digest = values.out ? await configDigest(values.config, io.cwd) : undefined;
    const run = await planFromApis(io, { configFile: values.config, orgNames: values.org, readOnly: true, limits: parseTimeLimits('plan', values) }).catch(async (error: unknown) => {
      await reportPlanFailure(io, error);
      throw error;
    });
    if (digest !== undefined && digest !== (await configDigest(values.config, io.cwd))) {
      throw new InvitectlError(`${values.config}: the config changed while planning; run invitectl plan again`);
    }
    const colorFlag = values['no-color'] ? false : values.color;
    const redactEmails = values['redact-emails'];
    const input = { plan: run.plan, safety: run.safety, fingerprint: run.fingerprint };
    if (values.out) {
      const out = values.out;
      const binding = { config: configPathFromPlanFile(out, values.config, io.cwd), configSha256: digest ?? '' };
      await writeFile(resolve(io.cwd, out), planFile(run, redactEmails, binding)).catch((error: NodeJS.ErrnoException) => {
        throw new InvitectlError(`${out}: cannot write the plan file (${error.code ?? error.message})`);
      });
    }
    io.stdout.write(renderPlan(format, input, { color: format === 'text' && shouldColor(colorFlag, io.env, io.stdout.isTTY), redactEmails }));
    warnUnsafe(run, io.stderr);
    await reportPlanToActions(io, input, { redactEmails });
    if (values.comment || values['comment-mode'] !== undefined) {
      const posted = await postPlanComment(io.env, input, { configFile: values.config, cwd: io.cwd, redactEmails, mode, ...(io.signal ? { signal: io.signal } : {}) });
      io.stderr.write(posted.url === undefined ? `plan comment ${posted.action} on #${posted.pullRequest}: the plan has no changes (--comment-mode changes-only)\n` : `plan comment ${posted.action} on #${posted.pullRequest}: ${posted.url}\n`);
    }
    const changes = run.plan.orgs.some((org) => org.changes.length > 0);
    return values['detailed-exitcode'] && changes ? 2 : 0;
  },
};

/**
 * The `--out` file: the JSON plan plus what apply checks it against: the config's path (relative
 * to the plan file) and sha256, the orgs, and whether emails were redacted (then apply refuses it).
 */
export function planFile(run: PlanRun, redactEmails: boolean, config: { config: string; configSha256: string }): string {
  const json = toJsonPlan({ plan: run.plan, safety: run.safety, fingerprint: run.fingerprint }, { color: false, redactEmails });
  const apply: PlanFileBinding = {
    plan_file_version: PLAN_FILE_VERSION,
    config: config.config,
    config_sha256: config.configSha256,
    orgs: run.orgs.map((org) => org.name),
    redacted_emails: redactEmails,
    planned_at: run.now.toISOString(),
  };
  return escapeJsonOutput(`${JSON.stringify({ ...json, apply }, null, 2)}\n`);
}

function parseCommentMode(value: string | undefined): CommentMode {
  if (value === undefined) return 'update';
  if ((COMMENT_MODES as readonly string[]).includes(value)) return value as CommentMode;
  throw new UsageError(`invitectl plan: --comment-mode must be one of ${COMMENT_MODES.join(', ')}, not "${value}"`);
}

function parseFormat(value: string): Format {
  if ((FORMATS as readonly string[]).includes(value)) return value as Format;
  throw new UsageError(`invitectl plan: --format must be one of ${FORMATS.join(', ')}, not "${value}"`);
}

function warnUnsafe(run: PlanRun, stderr: { write(text: string): unknown }): void {
  for (const [org, verdict] of Object.entries(run.safety)) {
    if (verdict.ok) continue;
    stderr.write(
      `warning: ${cleanText(org)}: ${describeUnsafe(verdict)}; apply will refuse without --allow-mass-delete\n`,
    );
  }
}

/** In GitHub Actions, a plan that could not be made says so in the job summary, an annotation and `failure_reason`. */
async function reportPlanFailure(io: CliIO, error: unknown): Promise<void> {
  if (!isGitHubActions(io.env)) return;
  const reason = error instanceof ConfigError ? 'config-invalid' : error instanceof UsageError ? 'usage' : error instanceof InvitectlError ? 'read-failed' : 'error';
  // Config problems already have their positioned annotations.
  if (reason !== 'config-invalid') await reportRefusalToActions(io, { command: 'plan', reason, message: error instanceof Error ? error.message : String(error), detail: '' });
  const { outputFile } = readActionsEnvironment(io.env);
  if (outputFile) await writeOutputs(outputFile, { failure_reason: reason }).catch((failure: Error) => io.stderr.write(`warning: ${failure.message}\n`));
}
