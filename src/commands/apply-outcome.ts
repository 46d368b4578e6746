// apply's outcome for machines: `--format json`, the step outputs' counts, and redacted results.
import type { ApplyReport, ChangeOutcome, ChangeResult } from '../model.ts';
import { redact } from '../redact.ts';
import { redactEmail, redactEmailsInText } from '../render/redact-email.ts';
import { escapeJsonOutput } from '../sanitize.ts';
import type { FailureReason } from './refusal.ts';

/** How apply ended, as `result` in the JSON. */
export type ApplyResultWord = 'applied' | 'nothing-to-do' | 'partial' | 'refused';

/** One change in `apply --format json`: what it was, what became of it, and the API's answer. */
export interface JsonApplyChange {
  org: string;
  action: ChangeResult['change']['action'];
  email: string;
  reason?: string;
  outcome: ChangeOutcome;
  /** The HTTP status of the API's answer to a failed change; null otherwise. */
  http_status: number | null;
  /** The API's machine code, e.g. `email_domain_not_allowed`; null when it gave none. */
  code: string | null;
  message: string | null;
  request_id: string | null;
}

/** The whole `apply --format json` document, `format_version` 1. */
export interface JsonApply {
  format_version: 1;
  result: ApplyResultWord;
  failure_reason: FailureReason | null;
  /** The refusal or error, one message; null when apply ran. */
  message: string | null;
  fingerprint: string | null;
  summary: Record<ChangeOutcome, number>;
  changes: JsonApplyChange[];
}

/** Counts per outcome. */
export function countOutcomes(report: ApplyReport): Record<ChangeOutcome, number> {
  const counts: Record<ChangeOutcome, number> = { applied: 0, confirmed: 0, failed: 0, skipped: 0 };
  for (const result of report.results) counts[result.outcome] += 1;
  return counts;
}

/** The failure reason of a finished apply: none when every change was applied or confirmed. */
export function reasonOf(report: ApplyReport, auditFailed: boolean): FailureReason | undefined {
  if (auditFailed) return 'audit-log-failed';
  return report.results.some((result) => result.outcome === 'failed' || result.outcome === 'skipped') ? 'apply-failed' : undefined;
}

/** The result with its email and the API's message redacted, for every output but a full-address audit log. */
export function redactResult(result: ChangeResult): ChangeResult {
  const { change, failure } = result;
  return {
    ...result,
    change: { ...change, email: redactEmail(change.email) },
    ...(failure === undefined ? {} : { failure: { ...failure, message: redactEmailsInText(failure.message) } }),
  };
}

/** `apply --format json` for an apply that ran (or had nothing to do). */
export function applyJson(report: ApplyReport, fingerprint: string, reason: FailureReason | undefined): string {
  const changes = report.results.map(jsonChange);
  const result: ApplyResultWord = report.results.length === 0 ? 'nothing-to-do' : reason === undefined ? 'applied' : 'partial';
  return serialize({ format_version: 1, result, failure_reason: reason ?? null, message: null, fingerprint, summary: countOutcomes(report), changes });
}

/** `apply --format json` for a refusal or error: nothing was written, no change is listed. */
export function refusalJson(reason: FailureReason, message: string, fingerprint: string | undefined): string {
  const summary = { applied: 0, confirmed: 0, failed: 0, skipped: 0 };
  return serialize({ format_version: 1, result: 'refused', failure_reason: reason, message: redact(message), fingerprint: fingerprint ?? null, summary, changes: [] });
}

function jsonChange({ change, outcome, failure, requestId }: ChangeResult): JsonApplyChange {
  return {
    org: change.org,
    action: change.action,
    email: change.email,
    ...(change.reason === undefined ? {} : { reason: change.reason }),
    outcome,
    http_status: failure?.status ?? null,
    code: failure?.code ?? null,
    message: failure === undefined ? null : redact(failure.message),
    request_id: failure?.requestId ?? requestId ?? null,
  };
}

function serialize(json: JsonApply): string {
  return escapeJsonOutput(`${JSON.stringify(json, null, 2)}\n`);
}
