// What one org's apply shares: its connection, how results settle, confirm windows and retry limits.
import type { Change, ChangeFailure, ChangeOutcome, ChangeResult, CurrentOrg } from '../model.ts';
import { ProviderError } from '../providers/errors.ts';
import type { Connection } from '../providers/connect.ts';
import { redact } from '../redact.ts';

/** How a change settles: its failure, the request id, and whether the API certainly wrote nothing. */
export interface SettleDetails {
  failure?: ChangeFailure;
  requestId?: string;
  /** The API refused the write (a definite answer): nothing was created. Lets a re-invite restore. */
  refused?: boolean;
}

/** How long apply keeps confirming an uncertain write by re-reading, before calling it missing. */
export interface ConfirmWindow {
  /** The whole window, from the first re-read (the real APIs are not read-after-write). */
  windowMs: number;
  /** The first wait between re-reads; it doubles up to `maxDelayMs`. */
  firstDelayMs: number;
  maxDelayMs: number;
}

/** Everything one org's apply needs: its API, how to record results, and when to stop. */
export interface OrgApply {
  connection: Connection;
  /** Re-read the org after an uncertain write (the only way to learn what happened). */
  reread(): Promise<CurrentOrg>;
  settle(change: Change, outcome: ChangeOutcome, details?: SettleDetails): void;
  aborted(): boolean;
  now(): Date;
  /** A generous cap on rounds of write → confirm → write-what-is-missing (the time budget is the usual bound). */
  maxRounds: number;
  /** Uncertain writes are sent again only while the org's writes made progress within this many ms. */
  retryBudgetMs: number;
  /** Records that a write got a definite answer, or a re-read confirmed one: the API is answering. */
  progressed(): void;
  /** Milliseconds since the org's writes last made progress (or since its apply began). */
  sinceProgressMs(): number;
  confirm: ConfirmWindow;
  /** Waits `ms` (a seam for the confirm backoff). */
  sleep(ms: number): Promise<void>;
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
export function resultOf(change: Change, outcome: ChangeOutcome, details: SettleDetails = {}): ChangeResult {
  const requestId = details.requestId ?? details.failure?.requestId;
  return { change, outcome, ...(details.failure ? { failure: details.failure } : {}), ...(requestId ? { requestId } : {}) };
}

/**
 * Whether another round of re-sending may start: rounds remain, the API answered within the
 * retry budget (a run whose API stops answering still ends), and apply was not interrupted.
 */
export function mayRetry(org: OrgApply, round: number): boolean {
  return round < org.maxRounds && org.sinceProgressMs() < org.retryBudgetMs && !org.aborted();
}

export const SKIPPED: ChangeFailure = { message: 'not attempted: apply was interrupted' };
