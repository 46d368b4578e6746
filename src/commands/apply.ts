// `invitectl apply`: re-plans, checks, asks, then applies with bounded concurrency.
import type { ParseArgsConfig } from 'node:util';
import { applyPlan } from '../apply/apply.ts';
import { concurrencyGates } from '../apply/gates.ts';
import { shouldColor } from '../color.ts';
import { ConfigError, InvitectlError, UsageError } from '../errors.ts';
import { reportApplyToActions, writeApplyOutputs } from '../github/apply-summary.ts';
import { isGitHubActions } from '../github/environment.ts';
import { formatRefusalAnnotation, reportRefusalToActions } from '../github/refusal-report.ts';
import type { CliIO, Command } from '../io.ts';
import type { ChangeResult } from '../model.ts';
import { countPlanChanges } from '../render/input.ts';
import { redactEmailsInText, useRedactionKey } from '../render/redact-email.ts';
import { renderApplyReport } from '../render/apply-text.ts';
import { renderPlan } from '../render/index.ts';
import { describeChanges, describeUnsafe } from '../render/words.ts';
import { cleanText } from '../sanitize.ts';
import { parseTimeLimits, TIME_FLAGS, timeFlagsHelp } from '../deadline.ts';
import { parseVerbArgs } from './args.ts';
import { openAuditLog } from './audit-log.ts';
import { confirm } from './confirm.ts';
import { applyJson, countOutcomes, reasonOf, redactResult, refusalJson } from './apply-outcome.ts';
import { checkPlanFileConfig, configDigest, readPlanFile, type PlanFile } from './plan-file.ts';
import { diffPlans, formatPlanDiffMarkdown, formatPlanDiffText } from './plan-diff.ts';
import { ApplyRefusedError, type FailureReason } from './refusal.ts';
import { planFromApis, type PlanRun } from '../reconcile.ts';
import { progressReporter, reportWaits } from './progress.ts';

const APPLY_OPTIONS = {
  config: { type: 'string', short: 'c' },
  ...TIME_FLAGS,
  org: { type: 'string', multiple: true, default: [] as string[] },
  yes: { type: 'boolean', short: 'y', default: false },
  concurrency: { type: 'string', default: '4' },
  'expect-fingerprint': { type: 'string' },
  'allow-mass-delete': { type: 'boolean', default: false },
  'audit-log': { type: 'string' },
  'audit-log-full-emails': { type: 'boolean', default: false },
  'redact-emails': { type: 'boolean', default: false },
  format: { type: 'string', default: 'text' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
} satisfies NonNullable<ParseArgsConfig['options']>;

/** `invitectl apply`: re-reads, re-plans, checks, then makes the changes with bounded concurrency. */
export const applyCommand: Command = {
  name: 'apply',
  help: `Usage: invitectl apply [-c FILE] [PLAN.json] [--org NAME]... [--yes] [--concurrency N]
                       [--expect-fingerprint SHA] [--allow-mass-delete] [--audit-log FILE.jsonl]
                       [--format text|json] [--redact-emails [--audit-log-full-emails]]

Reads every org again, plans, and applies: deletes before creates within an org, orgs in
parallel, invites in the largest batches each API takes, at most N requests in flight per API key.
A failing invitee never stops the others. After an uncertain failure (a timeout, a dropped
connection, a 5xx on a create) it re-reads the org and sends only what is still missing.

With PLAN.json (from \`invitectl plan --out\`) or --expect-fingerprint, apply refuses, writing
nothing, when the fresh plan differs from the one reviewed. A plan file is checked first: its
changes must hash to its fingerprint, and it must name this apply's config (-c) by the same
path and content hash. Plan files written with --redact-emails are refused. A stale plan file's
refusal lists the changes that appeared, disappeared or differ since the plan was made.

Options:
  -c, --config FILE          config file, or a directory of them (default: invites.yaml); with a
                             plan file it must be the config the plan was made from (same path
                             from the plan file, same bytes)
  --org NAME                 only this org (repeatable; not with a plan file)
  -y, --yes                  do not ask for confirmation (required without a terminal)
  --concurrency N            requests in flight per API key (default 4)
  --expect-fingerprint SHA   refuse unless the fresh plan has this fingerprint
  --allow-mass-delete        apply even when an org's deletes exceed its safety limits
  --audit-log FILE.jsonl     append one JSON line per attempted change (no secrets)
  --format FORMAT            text (default) or json: every change with its outcome, the API's
                             status, code and request id, and a failure_reason (plan on stderr)
  --redact-emails            show emails as a***@acme.com#1a2b3c, and leave out first names and
                             messages, on stdout, stderr, the job summary and the audit log
                             (keyed by INVITECTL_REDACT_KEY when set)
  --audit-log-full-emails    with --redact-emails: keep full addresses in the audit log only
  --color, --no-color        force colour on or off
${timeFlagsHelp(29)}
  -h, --help                 show this help

Exit codes: 0 applied (or nothing to do), 1 error or refusal (nothing written),
3 finished with some changes failed or skipped, or the audit log could not be written
(apply then starts no new change; re-running converges).
`,
  async run(argv, io) {
    const { values, positionals } = parseVerbArgs('apply', argv, APPLY_OPTIONS, true);
    if (values.help) {
      io.stdout.write(this.help);
      return 0;
    }
    if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`invitectl apply: --format must be text or json, not "${values.format}"`);
    const options = { json: values.format === 'json', redactEmails: values['redact-emails'] };
    if (options.redactEmails) useRedactionKey(io.env);
    const state: RunState = { phase: 'plan-file', fingerprint: undefined };
    try {
      return await applyRun(values, positionals, io, options, state);
    } catch (error) {
      await reportRefusal(io, error, options, state);
      throw error;
    }
  },
};

type ApplyValues = ReturnType<typeof parseVerbArgs<typeof APPLY_OPTIONS>>['values'];

/** How apply reports: JSON on stdout instead of text; emails redacted everywhere but an opted-in audit log. */
interface OutputOptions {
  json: boolean;
  redactEmails: boolean;
}

/** Where apply got to, so an error can be told apart: a bad plan file, an unwritable log, a failed read. */
interface RunState {
  phase: 'plan-file' | 'audit-log' | 'read' | 'checks';
  fingerprint: string | undefined;
}

async function applyRun(values: ApplyValues, positionals: string[], io: CliIO, options: OutputOptions, state: RunState): Promise<number> {
  if (positionals.length > 1) throw new UsageError('invitectl apply: takes at most one plan file (see invitectl apply --help)');
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new UsageError(`invitectl apply: --concurrency must be a whole number from 1 to 64, not "${values.concurrency}"`);
  const planPath = positionals[0];
  const planFile = planPath === undefined ? undefined : await readPlanFile(planPath, io.cwd);
  if (planFile && values.org.length > 0) throw new UsageError('invitectl apply: --org cannot be combined with a plan file (the plan file names its orgs)');
  const expected = values['expect-fingerprint'] ?? planFile?.fingerprint;
  if (planFile && values['expect-fingerprint'] && values['expect-fingerprint'] !== planFile.fingerprint) {
    throw new UsageError('invitectl apply: --expect-fingerprint differs from the plan file\'s fingerprint');
  }
  // Apply plans from its own -c, never from a path inside the plan file; the file only has to agree.
  const configFile = values.config ?? 'invites.yaml';
  const digest = planFile ? await configDigest(configFile, io.cwd) : undefined;
  if (planFile && planPath !== undefined && digest !== undefined) checkPlanFileConfig(planPath, planFile, configFile, io.cwd, digest);

  // Opened first: a log that cannot be written is refused before anything is read or asked.
  // A later failed write stops apply from starting any new change: no change goes unlogged.
  state.phase = 'audit-log';
  const stop = new AbortController();
  const auditOptions = { redactEmails: options.redactEmails && !values['audit-log-full-emails'] };
  const audit = values['audit-log'] ? openAuditLog(values['audit-log'], io.cwd, () => stop.abort(), auditOptions) : undefined;
  // Ctrl-C or a failed audit write: requests still queued at a key's gate are not sent either.
  const halted = io.signal ? AbortSignal.any([io.signal, stop.signal]) : stop.signal;
  try {
    state.phase = 'read';
    const run = await planFromApis(io, {
      configFile,
      orgNames: planFile?.orgs ?? values.org,
      readOnly: false,
      limits: parseTimeLimits('apply', values),
      gateFor: concurrencyGates(concurrency, halted),
    });
    state.phase = 'checks';
    state.fingerprint = run.fingerprint;
    if (digest !== undefined && digest !== (await configDigest(configFile, io.cwd))) {
      throw new ApplyRefusedError('plan-changed', `refusing to apply: the config ${configFile} changed while planning; run invitectl plan again. Nothing was written.`);
    }
    if (expected !== undefined && expected !== run.fingerprint) throw staleRefusal(expected, run, planFile, options.redactEmails);
    const total = run.plan.orgs.reduce((sum, org) => sum + org.changes.length, 0);
    if (total === 0) {
      io.stdout.write(options.json ? applyJson({ results: [] }, run.fingerprint, undefined) : 'No changes. Nothing to apply.\n');
      await writeApplyOutputs(io, countOutcomes({ results: [] }), undefined);
      return 0;
    }
    const unsafe = Object.entries(run.safety).filter(([, verdict]) => !verdict.ok);
    if (unsafe.length > 0 && !values['allow-mass-delete']) {
      const lines = unsafe.map(([org, v]) => `  ${cleanText(org)}: ${describeUnsafe(v)}`);
      throw new ApplyRefusedError('unsafe', `refusing to apply: the mass-delete guard tripped; nothing was written.\n${lines.join('\n')}\nReview the plan; if the deletes are intended, re-run with --allow-mass-delete.`);
    }

    // With --format json, stdout is the JSON alone: the plan a person confirms goes to stderr.
    const planOut = options.json ? io.stderr : io.stdout;
    const color = shouldColor(values['no-color'] ? false : values.color, io.env, planOut.isTTY);
    planOut.write(renderPlan('text', { plan: run.plan, safety: run.safety, fingerprint: run.fingerprint }, { color, redactEmails: options.redactEmails }));
    if (!values.yes && !planFile) {
      const answer = await confirm(io, `\nApply ${total} change${total === 1 ? '' : 's'}? Only "yes" is accepted: `);
      if (answer === 'no-terminal') throw new ApplyRefusedError('not-confirmed', 'refusing to apply without confirmation: pass --yes (or a plan file from invitectl plan --out). Nothing was written.');
      if (answer === 'declined') {
        if (options.json) io.stdout.write(refusalJson('not-confirmed', 'Apply cancelled. Nothing was written.', run.fingerprint));
        io.stderr.write('Apply cancelled. Nothing was written.\n');
        return 1;
      }
    }

    const shown = (result: ChangeResult): ChangeResult => (options.redactEmails ? redactResult(result) : result);
    const progress = progressReporter(io.stderr, total, undefined, io.env['TERM'] === 'dumb');
    const stopWaits = reportWaits(io.stderr, run.connections.map((connection) => connection.budget));
    const report = await applyPlan(run.plan, run.connections, {
      signal: halted,
      now: () => io.now?.() ?? new Date(),
      onResult: (result) => {
        progress(shown(result));
        audit?.write(result);
      },
    }).finally(stopWaits);
    audit?.close();
    const reason = reasonOf(report, audit?.failure !== undefined);
    io.stdout.write(options.json ? applyJson({ results: report.results.map(shown) }, run.fingerprint, reason) : `\n${renderApplyReport({ results: report.results.map(shown) }, { width: (io.stdout as { columns?: number }).columns })}`);
    await reportApplyToActions(io, report, { redactEmails: options.redactEmails });
    await writeApplyOutputs(io, countOutcomes(report), reason);
    if (audit?.failure !== undefined) {
      const skipped = report.results.filter((result) => result.outcome === 'skipped').length;
      io.stderr.write(`error: ${cleanText(audit.failure)}; apply started no change after that (${skipped} skipped), and the log lacks the lines from there on. Exit 3.\n`);
    }
    if (reason !== undefined && isGitHubActions(io.env)) {
      const counts = countOutcomes(report);
      io.stderr.write(formatRefusalAnnotation({ command: 'apply', reason, message: `${counts.failed} failed, ${counts.skipped} skipped of ${total} changes`, detail: '' }));
    }
    return reason === undefined ? 0 : 3;
  } finally {
    audit?.close();
  }
}

/**
 * The stale-plan refusal, with what changed: a full diff against a plan file; with a fingerprint
 * alone, the fresh plan's counts, and the fresh plan itself in the job summary to compare with the review.
 */
function staleRefusal(expected: string, run: PlanRun, planFile: PlanFile | undefined, redactEmails: boolean): ApplyRefusedError {
  const head = `refusing to apply: the plan is stale (expected ${expected}, the APIs and config now give ${run.fingerprint}); run invitectl plan again and review it. Nothing was written.`;
  const fresh = run.plan.orgs.flatMap((org) => org.changes);
  if (planFile === undefined) {
    const counts = describeChanges(countPlanChanges(run.plan)) || 'no changes';
    const markdown = renderPlan('markdown', { plan: run.plan, safety: run.safety, fingerprint: run.fingerprint }, { color: false, redactEmails });
    const detail = `**The fresh plan**, to compare with the one reviewed (e.g. the pull request's plan comment):\n\n${markdown.replace(/^## invitectl plan\n/, '')}`;
    return new ApplyRefusedError('plan-changed', `${head}\nOnly the reviewed plan's fingerprint is known here, not its changes; the fresh plan has ${counts}. Apply the plan file (invitectl plan --out) to see which changes differ.`, detail);
  }
  const diff = diffPlans(planFile.rows, fresh);
  return new ApplyRefusedError('plan-changed', `${head}\n${formatPlanDiffText(diff, redactEmails)}`, formatPlanDiffMarkdown(diff, redactEmails));
}

/** Before the error reaches the CLI edge: the JSON refusal, the job summary, the annotation and the outputs. */
async function reportRefusal(io: CliIO, error: unknown, options: OutputOptions, state: RunState): Promise<void> {
  const reason = reasonFor(error, state);
  if (options.redactEmails && error instanceof InvitectlError && !(error instanceof ConfigError)) error.message = redactEmailsInText(error.message);
  const message = error instanceof Error ? error.message : String(error);
  if (options.json) io.stdout.write(refusalJson(reason, message, state.fingerprint));
  await reportRefusalToActions(io, { command: 'apply', reason, message, detail: error instanceof ApplyRefusedError ? error.detail : '' });
  await writeApplyOutputs(io, countOutcomes({ results: [] }), reason);
}

function reasonFor(error: unknown, state: RunState): FailureReason {
  if (error instanceof ApplyRefusedError) return error.reason;
  if (error instanceof ConfigError) return 'config-invalid';
  if (error instanceof UsageError) return 'usage';
  if (!(error instanceof InvitectlError)) return 'error';
  const byPhase = { 'plan-file': 'plan-file-invalid', 'audit-log': 'audit-log-failed', read: 'read-failed', checks: 'error' } as const;
  return byPhase[state.phase];
}
