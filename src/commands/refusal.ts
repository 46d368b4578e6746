// Why an apply did not finish cleanly, as one machine word, and the refusals that carry one.
import { InvitectlError } from '../errors.ts';

/**
 * The `failure_reason` step output and `failure_reason` in `apply --format json`:
 * `plan-changed` (stale plan or config), `unsafe` (mass-delete guard), `read-failed` (an API could
 * not be read), `config-invalid`, `plan-file-invalid`, `not-confirmed`, `usage`,
 * `apply-failed` (some changes failed or were skipped), `audit-log-failed`, `error` (anything else).
 */
export type FailureReason =
  | 'plan-changed'
  | 'unsafe'
  | 'read-failed'
  | 'config-invalid'
  | 'plan-file-invalid'
  | 'not-confirmed'
  | 'usage'
  | 'apply-failed'
  | 'audit-log-failed'
  | 'error';

/** A refusal before anything was written: one message for the terminal, and markdown detail for the job summary. */
export class ApplyRefusedError extends InvitectlError {
  override name = 'ApplyRefusedError';
  readonly reason: FailureReason;
  /** Markdown shown in the job summary under the message (e.g. the plan diff); may be empty. */
  readonly detail: string;

  constructor(reason: FailureReason, message: string, detail = '') {
    super(message);
    this.reason = reason;
    this.detail = detail;
  }
}
