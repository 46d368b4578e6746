// apply --audit-log: one JSON line per settled change, written before the next starts.
import { closeSync, openSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvitectlError } from '../errors.ts';
import type { Change, ChangeResult } from '../model.ts';
import { redact } from '../redact.ts';
import { redactEmail, redactEmailsInText } from '../render/redact-email.ts';
import { escapeJsonOutput } from '../sanitize.ts';

/** An append-only JSON Lines file with one line per attempted change. */
export interface AuditLog {
  /** Appends the change's line before returning; after a failed write it writes nothing more. */
  write(result: ChangeResult): void;
  /** Why the log could not be written (`FILE: cannot write the audit log (ENOSPC)`), once a write or the close failed. */
  readonly failure: string | undefined;
  close(): void;
}

/**
 * Opens (appending) the audit log. Each line is written synchronously as its change settles, so
 * it is on disk before the next change starts and survives a second Ctrl-C; the first failed write
 * calls `onFailure` once (apply then starts no new change) and the log stays failed.
 */
export function openAuditLog(file: string, cwd: string, onFailure: (message: string) => void, options: { redactEmails?: boolean } = {}): AuditLog {
  let fd: number | undefined;
  try {
    fd = openSync(resolve(cwd, file), 'a');
  } catch (error) {
    throw new InvitectlError(`${file}: cannot open the audit log (${codeOf(error)})`);
  }
  let failure: string | undefined;
  const fail = (error: unknown): void => {
    if (failure !== undefined) return;
    failure = `${file}: cannot write the audit log (${codeOf(error)})`;
    onFailure(failure);
  };
  return {
    get failure() {
      return failure;
    },
    write(result) {
      if (failure !== undefined || fd === undefined) return;
      try {
        writeAll(fd, Buffer.from(`${auditLine(result, options.redactEmails === true)}\n`, 'utf8'));
      } catch (error) {
        fail(error);
      }
    },
    close() {
      if (fd === undefined) return;
      try {
        closeSync(fd);
      } catch (error) {
        fail(error);
      }
      fd = undefined;
    },
  };
}

/** One line: time, org, action, email, outcome, request id and the API's answer; keys masked, controls escaped; emails redacted on request. */
function auditLine(result: ChangeResult, redactEmails: boolean): string {
  const { change, outcome, failure, requestId } = result;
  const line = {
    time: new Date().toISOString(),
    org: change.org,
    action: change.action,
    email: redactEmails ? redactEmail(change.email) : change.email,
    ...(change.reason ? { reason: change.reason } : {}),
    ...memberFields(change),
    outcome,
    request_id: requestId ?? null,
    ...(failure ? { status: failure.status ?? null, code: failure.code ?? null, message: redactEmails ? redactEmailsInText(failure.message) : failure.message } : {}),
  };
  return escapeJsonOutput(redact(JSON.stringify(line)));
}

/** A member change's id and its access before and after (`to: null`: removed); nothing for an invite. */
function memberFields(change: Change): { member_id?: string; from?: string; to?: string | null } {
  if (change.action === 'change-role') return { member_id: change.memberId, from: change.from, to: change.to };
  if (change.action === 'remove-member') return { member_id: change.memberId, from: change.from, to: null };
  return {};
}

/** writeSync may write part of the buffer; a line is only written when all of it is. */
function writeAll(fd: number, bytes: Buffer): void {
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}

function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
}
