// `invitectl apply`: re-plans, checks, asks, then applies with bounded concurrency.
import { applyPlan } from '../apply/apply.ts';
import { concurrencyGates } from '../apply/gates.ts';
import { shouldColor } from '../color.ts';
import { InvitectlError, UsageError } from '../errors.ts';
import { reportApplyToActions } from '../github/apply-summary.ts';
import type { Command } from '../io.ts';
import { renderApplyReport } from '../render/apply-text.ts';
import { renderPlan } from '../render/index.ts';
import { describeUnsafe } from '../render/words.ts';
import { cleanText } from '../sanitize.ts';
import { parseTimeLimits, TIME_FLAGS, timeFlagsHelp } from '../deadline.ts';
import { parseVerbArgs } from './args.ts';
import { openAuditLog } from './audit-log.ts';
import { confirm } from './confirm.ts';
import { checkPlanFileConfig, configDigest, readPlanFile } from './plan-file.ts';
import { planFromApis } from '../reconcile.ts';
import { progressReporter, reportWaits } from './progress.ts';

/** `invitectl apply`: re-reads, re-plans, checks, then makes the changes with bounded concurrency. */
export const applyCommand: Command = {
  name: 'apply',
  help: `Usage: invitectl apply [-c FILE] [PLAN.json] [--org NAME]... [--yes] [--concurrency N]
                       [--expect-fingerprint SHA] [--allow-mass-delete] [--audit-log FILE.jsonl]

Reads every org again, plans, and applies: deletes before creates within an org, orgs in
parallel, invites in the largest batches each API takes, at most N requests in flight per API key.
A failing invitee never stops the others. After an uncertain failure (a timeout, a dropped
connection, a 5xx on a create) it re-reads the org and sends only what is still missing.

With PLAN.json (from \`invitectl plan --out\`) or --expect-fingerprint, apply refuses, writing
nothing, when the fresh plan differs from the one reviewed. A plan file is checked first: its
changes must hash to its fingerprint, and it must name this apply's config (-c) by the same
path and content hash. Plan files written with --redact-emails are refused.

Options:
  -c, --config FILE          config file (default: invites.yaml); with a plan file it must be the
                             config the plan was made from (same path from the plan file, same bytes)
  --org NAME                 only this org (repeatable; not with a plan file)
  -y, --yes                  do not ask for confirmation (required without a terminal)
  --concurrency N            requests in flight per API key (default 4)
  --expect-fingerprint SHA   refuse unless the fresh plan has this fingerprint
  --allow-mass-delete        apply even when an org's deletes exceed its safety limits
  --audit-log FILE.jsonl     append one JSON line per attempted change (no secrets)
  --color, --no-color        force colour on or off
${timeFlagsHelp(29)}
  -h, --help                 show this help

Exit codes: 0 applied (or nothing to do), 1 error or refusal (nothing written),
3 finished with some changes failed or skipped, or the audit log could not be written
(apply then starts no new change; re-running converges).
`,
  async run(argv, io) {
    const { values, positionals } = parseVerbArgs(
      'apply',
      argv,
      {
        config: { type: 'string', short: 'c' },
        ...TIME_FLAGS,
        org: { type: 'string', multiple: true, default: [] },
        yes: { type: 'boolean', short: 'y', default: false },
        concurrency: { type: 'string', default: '4' },
        'expect-fingerprint': { type: 'string' },
        'allow-mass-delete': { type: 'boolean', default: false },
        'audit-log': { type: 'string' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
      },
      true,
    );
    if (values.help) {
      io.stdout.write(this.help);
      return 0;
    }
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
    const stop = new AbortController();
    const audit = values['audit-log'] ? openAuditLog(values['audit-log'], io.cwd, () => stop.abort()) : undefined;
    // Ctrl-C or a failed audit write: requests still queued at a key's gate are not sent either.
    const halted = io.signal ? AbortSignal.any([io.signal, stop.signal]) : stop.signal;
    try {
      const run = await planFromApis(io, {
        configFile,
        orgNames: planFile?.orgs ?? values.org,
        readOnly: false,
        limits: parseTimeLimits('apply', values),
        gateFor: concurrencyGates(concurrency, halted),
      });
      if (digest !== undefined && digest !== (await configDigest(configFile, io.cwd))) {
        throw new InvitectlError(`refusing to apply: the config ${configFile} changed while planning; run invitectl plan again. Nothing was written.`);
      }
      if (expected !== undefined && expected !== run.fingerprint) {
        throw new InvitectlError(`refusing to apply: the plan is stale (expected ${expected}, the APIs and config now give ${run.fingerprint}); run invitectl plan again and review it. Nothing was written.`);
      }
      const total = run.plan.orgs.reduce((sum, org) => sum + org.changes.length, 0);
      if (total === 0) {
        io.stdout.write('No changes. Nothing to apply.\n');
        return 0;
      }
      const unsafe = Object.entries(run.safety).filter(([, verdict]) => !verdict.ok);
      if (unsafe.length > 0 && !values['allow-mass-delete']) {
        const lines = unsafe.map(([org, v]) => `  ${cleanText(org)}: ${describeUnsafe(v)}`);
        throw new InvitectlError(`refusing to apply: the mass-delete guard tripped; nothing was written.\n${lines.join('\n')}\nReview the plan; if the deletes are intended, re-run with --allow-mass-delete.`);
      }

      const color = shouldColor(values['no-color'] ? false : values.color, io.env, io.stdout.isTTY);
      io.stdout.write(renderPlan('text', { plan: run.plan, safety: run.safety, fingerprint: run.fingerprint }, { color, redactEmails: false }));
      if (!values.yes && !planFile) {
        const answer = await confirm(io, `\nApply ${total} change${total === 1 ? '' : 's'}? Only "yes" is accepted: `);
        if (answer === 'no-terminal') throw new InvitectlError('refusing to apply without confirmation: pass --yes (or a plan file from invitectl plan --out). Nothing was written.');
        if (answer === 'declined') {
          io.stderr.write('Apply cancelled. Nothing was written.\n');
          return 1;
        }
      }

      const progress = progressReporter(io.stderr, total);
      const stopWaits = reportWaits(io.stderr, run.connections.map((connection) => connection.budget));
      const report = await applyPlan(run.plan, run.connections, {
        signal: halted,
        now: () => io.now?.() ?? new Date(),
        onResult: (result) => {
          progress(result);
          audit?.write(result);
        },
      }).finally(stopWaits);
      audit?.close();
      io.stdout.write(`\n${renderApplyReport(report, { width: (io.stdout as { columns?: number }).columns })}`);
      await reportApplyToActions(io, report, { redactEmails: false });
      if (audit?.failure !== undefined) {
        const skipped = report.results.filter((result) => result.outcome === 'skipped').length;
        io.stderr.write(`error: ${cleanText(audit.failure)}; apply started no change after that (${skipped} skipped), and the log lacks the lines from there on. Exit 3.\n`);
        return 3;
      }
      return report.results.some((result) => result.outcome === 'failed' || result.outcome === 'skipped') ? 3 : 0;
    } finally {
      audit?.close();
    }
  },
};
