import type { Change, ChangeFailure, ChangeOutcome, ChangeResult, CurrentOrg } from '../model.ts';
import { ProviderError } from '../providers/errors.ts';
import type { Connection } from '../providers/index.ts';
import { redact } from '../redact.ts';

/** Everything one org's apply needs: its API, how to record results, and when to stop. */
export interface OrgApply {
  connection: Connection;
  /** Re-read the org after an uncertain write (the only way to learn what happened). */
  reread(): Promise<CurrentOrg>;
  settle(change: Change, outcome: ChangeOutcome, details?: { failure?: ChangeFailure; requestId?: string }): void;
  aborted(): boolean;
  now(): Date;
  /** Rounds of write → re-read → write-what-is-missing before an uncertain change is given up. */
  maxRounds: number;
}

/** What a result keeps of an error: the API's status, code, message and request id, redacted. */
export function failureOf(error: unknown): ChangeFailure {
  if (error instanceof ProviderError) {
    return {
      message: redact(error.apiMessage ?? error.message),
      ...(error.status === undefined ? {} : { status: error.status }),
      ...(error.code === undefined ? {} : { code: error.code }),
      ...(error.requestId === undefined ? {} : { requestId: error.requestId }),
    };
  }
  return { message: redact(error instanceof Error ? error.message : String(error)) };
}

/** A settled result, for the callback and the report. */
export function resultOf(change: Change, outcome: ChangeOutcome, details: { failure?: ChangeFailure; requestId?: string } = {}): ChangeResult {
  const requestId = details.requestId ?? details.failure?.requestId;
  return { change, outcome, ...(details.failure ? { failure: details.failure } : {}), ...(requestId ? { requestId } : {}) };
}

export const SKIPPED: ChangeFailure = { message: 'not attempted: apply was interrupted' };
